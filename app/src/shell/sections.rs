//! The sections of the workbook: their routes, their place in the navigation
//! and their texts. One list, so the navigation, the router and the overview
//! can never disagree.

use leptos_i18n::td_string;

use crate::auth::model::{ADMINISTRATION, Access, PARTY_RECORDS, RECORDS};
use crate::i18n::Locale;

/// A top-level section of the app, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Overview,
    Sessions,
    Meetings,
    Matters,
    Supervision,
    Petitions,
    Reception,
    Conferences,
    Targets,
    Tasks,
    Party,
    Reports,
    Admin,
}

/// A heading in the navigation grouping related sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavGroup {
    Council,
    Citizens,
    Office,
    Summary,
}

impl NavGroup {
    pub fn title(self, locale: Locale) -> &'static str {
        match self {
            NavGroup::Council => td_string!(locale, groups.council),
            NavGroup::Citizens => td_string!(locale, groups.citizens),
            NavGroup::Office => td_string!(locale, groups.office),
            NavGroup::Summary => td_string!(locale, groups.summary),
        }
    }
}

/// The navigation: the overview first, then the groups.
pub const NAVIGATION: [(Option<NavGroup>, &[Section]); 5] = [
    (None, &[Section::Overview]),
    (
        Some(NavGroup::Council),
        &[
            Section::Sessions,
            Section::Meetings,
            Section::Matters,
            Section::Supervision,
        ],
    ),
    (
        Some(NavGroup::Citizens),
        &[Section::Petitions, Section::Reception],
    ),
    (
        Some(NavGroup::Office),
        &[
            Section::Conferences,
            Section::Targets,
            Section::Tasks,
            Section::Party,
        ],
    ),
    (Some(NavGroup::Summary), &[Section::Reports, Section::Admin]),
];

/// The texts of a section's page in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionTexts {
    /// The name in the navigation and the page heading.
    pub title: &'static str,
    /// One sentence under the heading: what the section is for.
    pub lead: &'static str,
    /// Heading of the empty state.
    pub empty_title: &'static str,
    /// What will be listed here once there are records.
    pub empty_body: &'static str,
}

impl Section {
    pub const ALL: [Section; 13] = [
        Section::Overview,
        Section::Sessions,
        Section::Meetings,
        Section::Matters,
        Section::Supervision,
        Section::Petitions,
        Section::Reception,
        Section::Conferences,
        Section::Targets,
        Section::Tasks,
        Section::Party,
        Section::Reports,
        Section::Admin,
    ];

    /// The route of the section (English slugs: they are stable identifiers,
    /// whatever language the interface speaks).
    pub fn path(self) -> &'static str {
        match self {
            Section::Overview => "/",
            Section::Sessions => "/sessions",
            Section::Meetings => "/meetings",
            Section::Matters => "/matters",
            Section::Supervision => "/supervision",
            Section::Petitions => "/petitions",
            Section::Reception => "/reception",
            Section::Conferences => "/conferences",
            Section::Targets => "/targets",
            Section::Tasks => "/tasks",
            Section::Party => "/party",
            Section::Reports => "/reports",
            Section::Admin => "/admin",
        }
    }

    pub fn title(self, locale: Locale) -> &'static str {
        self.texts(locale).title
    }

    /// Who may see the section (and its link in the navigation). The server
    /// enforces the same on every endpoint that serves the section's data.
    pub fn access(self) -> Access {
        match self {
            Section::Overview => Access::SignedIn,
            Section::Admin => ADMINISTRATION,
            Section::Party => PARTY_RECORDS,
            Section::Sessions
            | Section::Meetings
            | Section::Matters
            | Section::Supervision
            | Section::Petitions
            | Section::Reception
            | Section::Conferences
            | Section::Targets
            | Section::Tasks
            | Section::Reports => RECORDS,
        }
    }

    pub fn texts(self, locale: Locale) -> SectionTexts {
        macro_rules! texts {
            ($nav:ident, $page:ident) => {
                SectionTexts {
                    title: td_string!(locale, nav.$nav),
                    lead: td_string!(locale, $page.lead),
                    empty_title: td_string!(locale, $page.empty_title),
                    empty_body: td_string!(locale, $page.empty_body),
                }
            };
        }
        match self {
            Section::Overview => texts!(overview, overview),
            Section::Sessions => texts!(sessions, sessions),
            Section::Meetings => texts!(meetings, meetings),
            Section::Matters => texts!(matters, matters),
            Section::Supervision => texts!(supervision, supervision),
            Section::Petitions => texts!(petitions, petitions),
            Section::Reception => texts!(reception, reception),
            Section::Conferences => texts!(conferences, conferences),
            Section::Targets => texts!(targets, targets),
            Section::Tasks => texts!(tasks, tasks),
            Section::Party => texts!(party, party),
            Section::Reports => texts!(reports, reports),
            Section::Admin => texts!(admin, admin),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn navigation_lists_every_section_once_in_order() {
        let listed: Vec<Section> = NAVIGATION
            .iter()
            .flat_map(|(_, sections)| sections.iter().copied())
            .collect();
        assert_eq!(listed, Section::ALL);
    }

    #[test]
    fn paths_are_unique_and_absolute() {
        let paths: HashSet<&str> = Section::ALL.iter().map(|s| s.path()).collect();
        assert_eq!(paths.len(), Section::ALL.len());
        assert!(paths.iter().all(|p| p.starts_with('/')));
    }

    #[test]
    fn the_administrator_sees_administration_and_nothing_of_the_records() {
        use crate::auth::model::Role;
        let visible = |role: Role| -> Vec<Section> {
            Section::ALL
                .into_iter()
                .filter(|section| section.access().allows(Some(role)))
                .collect()
        };
        assert_eq!(visible(Role::Admin), [Section::Overview, Section::Admin]);
        for role in [Role::Staff, Role::OfficeLeader, Role::StandingCommittee] {
            assert_eq!(visible(role).len(), Section::ALL.len() - 1, "{role}");
            assert!(!visible(role).contains(&Section::Admin));
        }
        // Party membership is sensitive: not for outside viewers.
        assert!(!visible(Role::Viewer).contains(&Section::Party));
        assert!(visible(Role::Viewer).contains(&Section::Reception));
        assert!(
            Section::ALL
                .iter()
                .all(|section| !section.access().allows(None))
        );
    }

    #[test]
    fn vietnamese_names_match_the_office_vocabulary() {
        let names: Vec<&str> = Section::ALL.iter().map(|s| s.title(Locale::vi)).collect();
        assert_eq!(
            names,
            [
                "Tổng quan",
                "Kỳ họp",
                "Phiên họp Thường trực",
                "Nội dung xin ý kiến",
                "Giám sát",
                "Ý kiến kiến nghị cử tri",
                "Tiếp công dân",
                "Hội nghị",
                "Chỉ tiêu",
                "Nhiệm vụ",
                "Đảng bộ",
                "Báo cáo",
                "Quản trị",
            ]
        );
    }

    #[test]
    fn every_section_has_distinct_texts_in_both_languages() {
        for locale in [Locale::vi, Locale::en] {
            let mut seen = HashSet::new();
            for section in Section::ALL {
                let texts = section.texts(locale);
                for text in [texts.title, texts.lead, texts.empty_title, texts.empty_body] {
                    assert!(!text.trim().is_empty(), "{section:?} {locale:?}");
                    assert!(seen.insert(text), "{text:?} is used twice");
                }
            }
        }
        // The two languages really differ.
        assert_ne!(
            Section::Sessions.texts(Locale::vi),
            Section::Sessions.texts(Locale::en)
        );
    }
}
