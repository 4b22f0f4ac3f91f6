// Starts `oclc server --stdio`, found on the worktree's PATH (install it with
// `pip install 'oclc[server]'`). Everything else is the server's.
use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Oclc;

impl zed::Extension for Oclc {
    fn new() -> Self {
        Oclc
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let oclc = worktree
            .which("oclc")
            .ok_or_else(|| "oclc is not on PATH: pip install 'oclc[server]'".to_string())?;
        Ok(zed::Command {
            command: oclc,
            args: vec!["server".to_string(), "--stdio".to_string()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Oclc);
