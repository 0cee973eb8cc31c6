//! Messages and what they carry: attachments, embeds, reactions, references, polls.
