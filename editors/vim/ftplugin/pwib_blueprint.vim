" Vim filetype plugin for PWIB Blueprint (.blueprint) files.

if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

" `#` comments; `gq` and `:formatprg` go through the project formatter.
setlocal comments=:# commentstring=#\ %s
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2 tabstop=8
setlocal iskeyword=@,48-57,_,192-255,-
setlocal suffixesadd=.blueprint
setlocal formatprg=pwib\ fmt\ -
" `[[` / `]]` and folding follow the braces.
setlocal foldmethod=syntax foldlevel=99

let b:undo_ftplugin = "setlocal comments< commentstring< formatoptions< expandtab< shiftwidth<"
      \ . " softtabstop< tabstop< iskeyword< suffixesadd< formatprg< foldmethod< foldlevel<"

let &cpo = s:cpo_save
unlet s:cpo_save
