//! The workbook's navigation: the overview, then the kinds of record grouped
//! as the office thinks of its work (from the registry: each kind says its
//! group), then the summary pages. One list, so the navigation, the router
//! and the overview can never disagree.

use leptos_i18n::td_string;

use crate::auth::model::{ADMINISTRATION, Access, CHANGE_LOG_READERS, RECORDS};
use crate::i18n::Locale;
use crate::records::spec::{Group, KindSpec, Registry};

/// A page that is not a kind's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Overview,
    /// "Việc của tôi": what waits for me (`records::my_work`).
    MyWork,
    /// "Theo dõi, đôn đốc": what is overdue (`reports::follow_up`).
    FollowUp,
    Reports,
    /// "Nhật ký thay đổi": every record change (`records::change_log`).
    Changes,
    Admin,
}

/// One link of the navigation.
#[derive(Debug, Clone, Copy)]
pub enum Entry {
    Section(Section),
    Kind(&'static KindSpec),
}

impl Entry {
    pub fn path(self) -> String {
        match self {
            Entry::Section(section) => section.path().to_owned(),
            Entry::Kind(spec) => format!("/{}", spec.path),
        }
    }

    pub fn title(self, locale: Locale) -> &'static str {
        match self {
            Entry::Section(section) => section.title(locale),
            Entry::Kind(spec) => crate::records::texts::kind_text(locale, spec, "name"),
        }
    }

    pub fn lead(self, locale: Locale) -> &'static str {
        match self {
            Entry::Section(section) => section.texts(locale).lead,
            Entry::Kind(spec) => crate::records::texts::kind_text(locale, spec, "lead"),
        }
    }

    pub fn access(self) -> Access {
        match self {
            Entry::Section(section) => section.access(),
            Entry::Kind(spec) => spec.read,
        }
    }
}

/// A heading in the navigation grouping related pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavGroup {
    Kinds(Group),
    Summary,
}

impl NavGroup {
    pub const ALL: [NavGroup; 5] = [
        NavGroup::Kinds(Group::Council),
        NavGroup::Kinds(Group::Citizens),
        NavGroup::Kinds(Group::Office),
        NavGroup::Kinds(Group::Catalogues),
        NavGroup::Summary,
    ];

    pub fn title(self, locale: Locale) -> &'static str {
        match self {
            NavGroup::Kinds(Group::Council) => td_string!(locale, groups.council),
            NavGroup::Kinds(Group::Citizens) => td_string!(locale, groups.citizens),
            NavGroup::Kinds(Group::Office) => td_string!(locale, groups.office),
            NavGroup::Kinds(Group::Catalogues) => td_string!(locale, groups.catalogues),
            NavGroup::Summary => td_string!(locale, groups.summary),
        }
    }
}

/// The navigation: the overview first, then the groups in order.
pub fn navigation(registry: &'static Registry) -> Vec<(Option<NavGroup>, Vec<Entry>)> {
    let mut groups = vec![(
        None,
        vec![
            Entry::Section(Section::Overview),
            Entry::Section(Section::MyWork),
            Entry::Section(Section::FollowUp),
        ],
    )];
    for group in NavGroup::ALL {
        let entries = match group {
            NavGroup::Kinds(kinds) => registry
                .all()
                .filter(|spec| spec.group == kinds)
                .map(Entry::Kind)
                .collect(),
            NavGroup::Summary => vec![
                Entry::Section(Section::Reports),
                Entry::Section(Section::Changes),
                Entry::Section(Section::Admin),
            ],
        };
        groups.push((Some(group), entries));
    }
    groups
}

/// The texts of a section's page in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionTexts {
    /// The name in the navigation and the page heading.
    pub title: &'static str,
    /// One sentence under the heading: what the section is for.
    pub lead: &'static str,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Overview,
        Section::MyWork,
        Section::FollowUp,
        Section::Reports,
        Section::Changes,
        Section::Admin,
    ];

    /// The route of the section (English slugs: they are stable identifiers,
    /// whatever language the interface speaks).
    pub fn path(self) -> &'static str {
        match self {
            Section::Overview => "/",
            Section::MyWork => "/my-work",
            Section::FollowUp => "/follow-up",
            Section::Reports => "/reports",
            Section::Changes => "/changes",
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
            Section::Changes => CHANGE_LOG_READERS,
            Section::MyWork | Section::FollowUp | Section::Reports => RECORDS,
        }
    }

    pub fn texts(self, locale: Locale) -> SectionTexts {
        macro_rules! texts {
            ($nav:ident, $page:ident) => {
                SectionTexts {
                    title: td_string!(locale, nav.$nav),
                    lead: td_string!(locale, $page.lead),
                }
            };
        }
        match self {
            Section::Overview => texts!(overview, overview),
            Section::MyWork => texts!(my_work, my_work),
            Section::FollowUp => texts!(follow_up, follow_up),
            Section::Reports => texts!(reports, reports),
            Section::Changes => texts!(changes, changes),
            Section::Admin => texts!(admin, admin),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::auth::model::Role;
    use crate::kinds::REGISTRY;

    fn entries() -> Vec<Entry> {
        navigation(&REGISTRY)
            .into_iter()
            .flat_map(|(_, entries)| entries)
            .collect()
    }

    #[test]
    fn navigation_lists_every_kind_and_section_once() {
        let paths: Vec<String> = entries().into_iter().map(Entry::path).collect();
        let unique: HashSet<&String> = paths.iter().collect();
        assert_eq!(unique.len(), paths.len(), "{paths:?}");
        assert_eq!(paths.len(), REGISTRY.all().count() + Section::ALL.len());
        assert!(paths.iter().all(|p| p.starts_with('/')));
        assert_eq!(paths[0], "/");
    }

    #[test]
    fn the_administrator_sees_administration_and_the_catalogues_only() {
        let visible = |role: Role| -> Vec<Entry> {
            entries()
                .into_iter()
                .filter(|entry| entry.access().allows(Some(role)))
                .collect()
        };
        for entry in visible(Role::Admin) {
            match entry {
                Entry::Section(section) => {
                    assert!(matches!(
                        section,
                        Section::Overview | Section::Changes | Section::Admin
                    ))
                }
                Entry::Kind(spec) => assert_eq!(spec.group, Group::Catalogues, "{}", spec.kind),
            }
        }
        for role in [Role::Staff, Role::OfficeLeader, Role::StandingCommittee] {
            assert!(
                !visible(role)
                    .iter()
                    .any(|entry| matches!(entry, Entry::Section(Section::Admin))),
                "{role}"
            );
        }
        assert!(entries().iter().all(|entry| !entry.access().allows(None)));
    }

    #[test]
    fn every_section_has_distinct_texts_in_both_languages() {
        for locale in [Locale::vi, Locale::en] {
            let mut seen = HashSet::new();
            for section in Section::ALL {
                let texts = section.texts(locale);
                for text in [texts.title, texts.lead] {
                    assert!(!text.trim().is_empty(), "{section:?} {locale:?}");
                    assert!(seen.insert(text), "{text:?} is used twice");
                }
            }
            for group in NavGroup::ALL {
                assert!(!group.title(locale).is_empty());
            }
        }
        assert_ne!(
            Section::Reports.texts(Locale::vi),
            Section::Reports.texts(Locale::en)
        );
    }
}
