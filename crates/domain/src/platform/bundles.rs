//! The web app comes as four WebAssembly bundles: the citizens' (the
//! activity calendar and the account: what most residents open), the
//! fund's (Bamsefondet's pages for families: applying, following an
//! application), the lending one (BUA for families: the catalogue,
//! reserving, my loans) and the work bundle (pages only organizers and
//! staff use),
//! so a parent on a slow phone downloads only what the page in hand needs.
//! The server and every bundle decide by the same function which bundle a
//! path belongs to.

/// Which bundle draws the page at `path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    Citizen,
    /// Bamsefondet for families (`/bamsefondet…`).
    Fund,
    /// BUA for families (`/utlan…`; the desk is a work page).
    Lending,
    Work,
}

/// Path prefixes of the work pages (organizer area, administration,
/// casework, the lending desk).
const WORK_PREFIXES: &[&str] = &["/arrangor", "/admin", "/saksbehandling", "/utlansdesk"];

/// Work pages under an activity: editing it and its participant list.
const WORK_ACTIVITY_PAGES: &[&str] = &["rediger", "deltakere"];

pub fn bundle_for(path: &str) -> Bundle {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if WORK_PREFIXES.iter().any(|p| under(p)) {
        return Bundle::Work;
    }
    if under("/bamsefondet") {
        return Bundle::Fund;
    }
    if under("/utlan") {
        return Bundle::Lending;
    }
    let mut segments = path.trim_matches('/').split('/');
    if segments.next() == Some("aktiviteter") {
        if let (Some(_id), Some(page), None) = (segments.next(), segments.next(), segments.next()) {
            if WORK_ACTIVITY_PAGES.contains(&page) {
                return Bundle::Work;
            }
        }
    }
    Bundle::Citizen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_pages_are_told_apart_from_citizen_pages() {
        for work in [
            "/arrangor",
            "/arrangor/1/ny-aktivitet",
            "/admin",
            "/saksbehandling?status=ny",
            "/utlansdesk",
            "/aktiviteter/1/rediger",
            "/aktiviteter/1/deltakere",
        ] {
            assert_eq!(bundle_for(work), Bundle::Work, "{work}");
        }
        for citizen in [
            "/",
            "/aktiviteter",
            "/aktiviteter/1",
            "/arrangorer",
            "/administrasjonen-av-noe",
            "/min-side",
            "/aktiviteter/rediger",
            "/aktiviteter/1/rediger/x",
        ] {
            assert_eq!(bundle_for(citizen), Bundle::Citizen, "{citizen}");
        }
        for fund in [
            "/bamsefondet",
            "/bamsefondet/soknader/1/rediger",
            "/bamsefondet?aktivitet=1",
        ] {
            assert_eq!(bundle_for(fund), Bundle::Fund, "{fund}");
        }
        for lending in ["/utlan", "/utlan/mine", "/utlan/modell/1?size=130"] {
            assert_eq!(bundle_for(lending), Bundle::Lending, "{lending}");
        }
        assert_eq!(bundle_for("/bamsefondetx"), Bundle::Citizen);
    }
}
