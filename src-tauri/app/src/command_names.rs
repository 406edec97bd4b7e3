// The IPC surface, declared once. build.rs includes this file to generate one
// permission per command, the capability grants exactly these, and lib.rs's
// handler list is checked against it by a test. Add a command here first.
pub const COMMANDS: &[&str] = &[
    "app_status",
    "begin_setup",
    "save_recovery_sheet",
    "finish_setup",
    "cancel_setup",
    "unlock",
    "recover",
    "lock",
    "touch",
    "get_organisation",
    "update_organisation",
    "list_users",
    "add_user",
    "set_user_active",
    "reset_password",
    "get_settings",
    "update_settings",
    "audit_status",
];
