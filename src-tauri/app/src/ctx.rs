//! What a command body is given: the app's state (it derefs to
//! [`AppState`]) and the desktop around it (file dialogs, printers). The
//! Tauri wrappers pass the window's desktop; the UI tests' host passes its
//! stand-in, so one body serves both.

use crate::desktop::Desktop;
use crate::state::AppState;

pub struct Ctx<'a> {
    state: &'a AppState,
    desktop: &'a dyn Desktop,
}

impl<'a> Ctx<'a> {
    pub fn new(state: &'a AppState, desktop: &'a dyn Desktop) -> Self {
        Ctx { state, desktop }
    }

    pub fn desktop(&self) -> &'a dyn Desktop {
        self.desktop
    }
}

impl std::ops::Deref for Ctx<'_> {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        self.state
    }
}
