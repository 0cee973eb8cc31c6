//! Presences as compact records: statuses as 3-bit codes, activities as they came.

use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use accord_model::presence::{Activity, ClientStatus, Presence, Status};

/// A presence, 32 bytes: the status and the four client statuses as 3-bit codes, the
/// activities in a boxed slice (no allocation when there are none). The user's own fields are
/// in the user store, not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedPresence {
    activities: Box<[Activity]>,
    /// Statuses this version does not know, kept whole.
    odd: Option<Box<(Status, ClientStatus)>>,
    /// The status in bits 0-2, then desktop, mobile, web and embedded, 3 bits each.
    statuses: u16,
}

fn code(status: &Status) -> Option<u16> {
    Some(match status {
        Status::Online => 1,
        Status::Idle => 2,
        Status::DoNotDisturb => 3,
        Status::Invisible => 4,
        Status::Offline => 5,
        _ => return None,
    })
}

fn status(code: u16) -> Option<Status> {
    Some(match code & 7 {
        1 => Status::Online,
        2 => Status::Idle,
        3 => Status::DoNotDisturb,
        4 => Status::Invisible,
        5 => Status::Offline,
        _ => return None,
    })
}

impl CachedPresence {
    /// A presence's compact form.
    pub(crate) fn new(presence: &Presence) -> Self {
        let client = &presence.client_status;
        let all = [
            Some(&presence.status),
            client.desktop.as_ref(),
            client.mobile.as_ref(),
            client.web.as_ref(),
            client.embedded.as_ref(),
        ];
        let mut statuses = 0;
        let mut odd = false;
        for (index, status) in (0_u16..).zip(all) {
            if let Some(status) = status {
                match code(status) {
                    Some(code) => statuses |= code << (3 * index),
                    None => odd = true,
                }
            }
        }
        Self {
            activities: presence.activities.clone().into_boxed_slice(),
            odd: odd.then(|| Box::new((presence.status.clone(), presence.client_status.clone()))),
            statuses: if odd { 0 } else { statuses },
        }
    }

    /// The status.
    pub fn status(&self) -> Status {
        match &self.odd {
            Some(odd) => odd.0.clone(),
            None => status(self.statuses).unwrap_or(Status::Offline),
        }
    }

    /// The status on each platform.
    pub fn client_status(&self) -> ClientStatus {
        if let Some(odd) = &self.odd {
            return odd.1.clone();
        }
        let mut client = ClientStatus::default();
        client.desktop = status(self.statuses >> 3);
        client.mobile = status(self.statuses >> 6);
        client.web = status(self.statuses >> 9);
        client.embedded = status(self.statuses >> 12);
        client
    }

    /// The activities.
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }

    /// The presence as the model's type; the user has only its id (the user store has the
    /// rest).
    pub fn to_presence(&self, guild_id: Id<GuildMarker>, user_id: Id<UserMarker>) -> Presence {
        let mut presence = Presence::new(user_id, self.status());
        presence.guild_id = Some(guild_id);
        presence.activities = self.activities.to_vec();
        presence.client_status = self.client_status();
        presence
    }

    /// Bytes on the heap (activities counted by their inline size).
    pub(crate) fn heap_bytes(&self) -> usize {
        size_of_val::<[Activity]>(&self.activities)
            + self.odd.as_ref().map_or(0, |_| size_of::<(Status, ClientStatus)>())
    }
}

#[cfg(test)]
mod tests {
    use accord_model::id::Id;
    use accord_model::presence::{Activity, Presence, Status};

    use super::CachedPresence;

    #[test]
    fn presences_round_trip_in_32_bytes() {
        assert_eq!(size_of::<CachedPresence>(), 32);
        let mut presence = Presence::new(Id::new(2), Status::DoNotDisturb);
        presence.guild_id = Some(Id::new(1));
        presence.client_status.mobile = Some(Status::Idle);
        presence.activities = vec![Activity::playing("chess")];
        let cached = CachedPresence::new(&presence);
        assert!(cached.odd.is_none());
        assert_eq!(cached.to_presence(Id::new(1), Id::new(2)), presence);

        let mut odd = presence.clone();
        odd.client_status.web = Some(Status::from("streaming"));
        assert_eq!(CachedPresence::new(&odd).to_presence(Id::new(1), Id::new(2)), odd);
    }
}
