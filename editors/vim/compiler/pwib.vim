" Vim compiler file: `:compiler pwib` then `:make` runs `pwib check` on the current file and
" fills the quickfix list from its `file:line:col: severity[PBnnn]: message` lines.

if exists("current_compiler")
  finish
endif
let current_compiler = "pwib"

if exists(":CompilerSet") != 2  " older Vim
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=pwib\ check\ --format\ short\ %:S
CompilerSet errorformat=%f:%l:%c:\ %trror[%*[^]]]:\ %m,%f:%l:%c:\ %tarning[%*[^]]]:\ %m,%f:%l:%c:\ %tnfo[%*[^]]]:\ %m,%f:%l:%c:\ %m

let &cpo = s:cpo_save
unlet s:cpo_save
