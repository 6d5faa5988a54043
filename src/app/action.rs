//! What `update` takes: a command a user asked for with a key ([`Command`]), or something the
//! terminal or background work reports ([`Event`]).

pub use super::command::Command;
pub use super::event::{Data, Event};

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Command(Command),
    Event(Event),
}

impl From<Command> for Action {
    fn from(command: Command) -> Action {
        Action::Command(command)
    }
}

impl From<Event> for Action {
    fn from(event: Event) -> Action {
        Action::Event(event)
    }
}

impl Action {
    /// What this action types into the note editor when it is a plain letter or Enter.
    pub fn typed(&self) -> Option<char> {
        match self {
            Action::Event(e) => e.typed(),
            Action::Command(_) => None,
        }
    }
}
