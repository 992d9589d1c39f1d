-- Neovim (0.11+) language-server configuration for PWIB Blueprint files.
-- With editors/vim on the runtimepath, `vim.lsp.enable("pwib")` picks this file up.
return {
  cmd = { "pwib", "lsp" },
  filetypes = { "pwib_blueprint" },
  root_markers = { "pwib.toml", ".git" },
}
