//! The locales Discord supports for users, guilds and localized command names.

str_enum! {
    /// A language and region, such as `en-US`.
    pub enum Locale {
        /// Indonesian.
        Indonesian = "id",
        /// Danish.
        Danish = "da",
        /// German.
        German = "de",
        /// English, UK.
        EnglishGb = "en-GB",
        /// English, US.
        EnglishUs = "en-US",
        /// Spanish.
        SpanishEs = "es-ES",
        /// Spanish, Latin America.
        SpanishLatam = "es-419",
        /// French.
        French = "fr",
        /// Croatian.
        Croatian = "hr",
        /// Italian.
        Italian = "it",
        /// Lithuanian.
        Lithuanian = "lt",
        /// Hungarian.
        Hungarian = "hu",
        /// Dutch.
        Dutch = "nl",
        /// Norwegian.
        Norwegian = "no",
        /// Polish.
        Polish = "pl",
        /// Portuguese, Brazilian.
        PortugueseBr = "pt-BR",
        /// Romanian.
        Romanian = "ro",
        /// Finnish.
        Finnish = "fi",
        /// Swedish.
        Swedish = "sv-SE",
        /// Vietnamese.
        Vietnamese = "vi",
        /// Turkish.
        Turkish = "tr",
        /// Czech.
        Czech = "cs",
        /// Greek.
        Greek = "el",
        /// Bulgarian.
        Bulgarian = "bg",
        /// Russian.
        Russian = "ru",
        /// Ukrainian.
        Ukrainian = "uk",
        /// Hindi.
        Hindi = "hi",
        /// Thai.
        Thai = "th",
        /// Chinese, China.
        ChineseCn = "zh-CN",
        /// Japanese.
        Japanese = "ja",
        /// Chinese, Taiwan.
        ChineseTw = "zh-TW",
        /// Korean.
        Korean = "ko",
        /// Arabic.
        Arabic = "ar",
        /// Hebrew.
        Hebrew = "he",
    }
}

/// Localized strings keyed by locale, as in `name_localizations`.
pub type Localizations = std::collections::HashMap<Locale, compact_str::CompactString>;
