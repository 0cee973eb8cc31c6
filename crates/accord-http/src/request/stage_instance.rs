//! Stage instances: the live session of a stage channel.

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, ScheduledEventMarker};
use accord_model::stage_instance::{StageInstance, StagePrivacyLevel};

use crate::response::EmptyBody;
use crate::validate::chars;

requests! {
    /// Starts a stage in a stage channel.
    create_stage_instance => CreateStageInstance: POST "/stage-instances" -> StageInstance {
        #[reason]
        args: channel_id: Id<ChannelMarker>, topic: &'a str [chars(1, 120)];
        fields:
            privacy_level: StagePrivacyLevel,
            /// Whether to notify @everyone that the stage started.
            send_start_notification: bool,
            /// The scheduled event the stage belongs to.
            guild_scheduled_event_id: Id<ScheduledEventMarker>;
    }

    /// Returns the stage running in a channel.
    get_stage_instance => GetStageInstance: GET "/stage-instances/{channel_id}" -> StageInstance {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Ends a stage.
    delete_stage_instance => DeleteStageInstance: DELETE "/stage-instances/{channel_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
    }

    /// Changes the topic or privacy of a stage.
    update_stage_instance => UpdateStageInstance: PATCH "/stage-instances/{channel_id}" -> StageInstance {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
        fields:
            /// 1 to 120 characters.
            topic: &'a str [chars(1, 120)],
            privacy_level: StagePrivacyLevel;
    }
}
