" .blueprint files are PWIB service blueprints. `setfiletype` leaves an earlier detection alone.
autocmd BufRead,BufNewFile *.blueprint setfiletype pwib_blueprint
