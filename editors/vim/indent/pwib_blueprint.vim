" Vim indent file for PWIB Blueprint (.blueprint) files: two spaces per open brace.

if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal autoindent nosmartindent nocindent
setlocal indentexpr=PwibBlueprintIndent(v:lnum)
setlocal indentkeys=0},!^F,o,O

let b:undo_indent = "setlocal autoindent< smartindent< cindent< indentexpr< indentkeys<"

if exists("*PwibBlueprintIndent")
  finish
endif

" Braces inside strings and comments do not count.
function! s:Braces(lnum) abort
  let line = getline(a:lnum)
  let line = substitute(line, '"\%(\\.\|[^"\\]\)*"', '""', 'g')
  let line = substitute(line, '#.*$', '', '')
  let opens = len(substitute(line, '[^{]', '', 'g'))
  let closes = len(substitute(line, '[^}]', '', 'g'))
  return [opens, closes]
endfunction

function! PwibBlueprintIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let [opens, closes] = s:Braces(prev)
  let ind = indent(prev)
  " A line that starts with `}` was already dedented: only its other braces count.
  if getline(prev) =~ '^\s*}'
    let closes -= 1
  endif
  let ind += shiftwidth() * (opens - closes)
  if getline(a:lnum) =~ '^\s*}'
    let ind -= shiftwidth()
  endif
  return ind < 0 ? 0 : ind
endfunction
