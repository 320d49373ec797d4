//! Every kind of council work, each a declaration in its own file: its typed
//! body, its spec (fields, list, access, closed rule, links) and its rules
//! between fields. Adding a kind is its file, one line in `kinds!` below and
//! its texts in `locales/kinds/{vi,en}.json` (ARCHITECTURE.md, "Adding a
//! kind"). Nothing else names a kind.

use crate::records::spec::Registry;

macro_rules! kinds {
    ($($module:ident :: $body:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// The kinds this build keeps, in navigation order.
        pub static REGISTRY: Registry = Registry::new(&[$(&$module::SPEC),*]);

        /// Each kind's full sample as a record body, and the same body read
        /// into its type and written back (for the tests and the docs).
        pub fn samples() -> Vec<Sample> {
            use crate::records::body::Body;
            vec![$({
                let fields = $module::$body::sample().to_fields();
                let back = $module::$body::from_fields(&fields).map(|body| body.to_fields());
                Sample {
                    spec: <$module::$body as Body>::SPEC,
                    fields,
                    back,
                    rules: $module::RULES,
                }
            }),*]
        }
    };
}

/// A kind's sample record (see `samples`).
pub struct Sample {
    pub spec: &'static crate::records::spec::KindSpec,
    /// Every field filled.
    pub fields: crate::sync::model::Fields,
    /// `fields` read into the kind's type and written back.
    pub back: Result<crate::sync::model::Fields, Vec<crate::error::FieldError>>,
    /// The rules between fields, in words (docs/API.md).
    pub rules: &'static str,
}

// The kinds' own inputs are pages of the browser's (a layer above the
// declarations, see ARCHITECTURE.md), kept beside the kinds they serve.
pub mod measures;

kinds! {
    council_session::CouncilSession,
    resolution::Resolution,
    sc_meeting::ScMeeting,
    opinion_matter::OpinionMatter,
    document::Document,
    supervision::Supervision,
    recommendation::Recommendation,
    voter_contact::VoterContact,
    voter_petition::VoterPetition,
    reception_matter::ReceptionMatter,
    visit::Visit,
    letter::Letter,
    conference::Conference,
    plan_target::PlanTarget,
    task::Task,
    party_member::PartyMember,
    party_rating::PartyRating,
    award::Award,
    work_report::WorkReport,
    term::Term,
    committee::Committee,
    delegate_group::DelegateGroup,
    deputy::Deputy,
    field::Field,
    admin_unit::AdminUnit,
}

#[cfg(test)]
mod tests;
