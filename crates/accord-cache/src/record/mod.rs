//! The compact records the cache stores instead of the model's types; each converts back
//! with a `to_*` method and has accessors for reading in place.

mod channel;
mod expression;
mod guild;
mod member;
mod message;
mod presence;
mod role;
mod user;
mod voice;

pub use channel::CachedChannel;
pub use expression::CachedEmoji;
pub(crate) use expression::{CachedEvent, CachedSticker};
pub use guild::CachedGuild;
pub use member::CachedMember;
pub use message::CachedMessage;
pub(crate) use message::{add_reaction, remove_emoji, remove_reaction};
pub use presence::CachedPresence;
pub use role::CachedRole;
pub(crate) use role::RoleTable;
pub use user::CachedUser;
pub use voice::CachedVoiceState;
