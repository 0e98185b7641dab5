//! Demo organizations and activities, spread over Asker's districts, ages,
//! prices and weekdays. Every row is marked `is_demo` and every name says
//! "(demo)". Deterministic: the same counts give the same catalogue.
//! `fritid seed` loads 40 organizations and 300 activities; the benchmark
//! loads 10,000 and 100,000 with `fritid seed --activities N`.

use super::catalogue::CATALOGUE;
use crate::error::ApiError;
use chrono::{Duration, NaiveTime, Utc};
use fritid_db::activities;
use fritid_db::organizations as orgs;
use fritid_db::{AsyncConnection, AsyncPgConnection};
use fritid_domain::activity::{
    ActivityAccessibility, ActivityInput, Contact, Cost, Equipment, LanguageCode, SignupSettings,
    Tag, Threshold,
};
use fritid_domain::ids::PlaceId;
use fritid_domain::organization::{OrganizationInput, PlaceInput};
use fritid_domain::schedule::{Schedule, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

const DISTRICTS: &[(&str, &str)] = &[
    ("asker-sentrum", "Asker sentrum"),
    ("hvalstad", "Hvalstad"),
    ("vollen", "Vollen"),
    ("holmen", "Holmen"),
    ("nesbru", "Nesbru"),
    ("billingstad", "Billingstad"),
    ("borgen", "Borgen"),
    ("heggedal", "Heggedal"),
    ("dikemark", "Dikemark"),
    ("slemmestad", "Slemmestad"),
    ("spikkestad", "Spikkestad"),
    ("royken", "Røyken"),
    ("bodalen", "Bødalen"),
    ("hyggen", "Hyggen"),
    ("aros", "Åros"),
    ("saetre", "Sætre"),
    ("tofte", "Tofte"),
    ("filtvet", "Filtvet"),
];

/// Kinds of organization: name pattern, category, whether its activities
/// are usually free; their activities are `catalogue::CATALOGUE[kind]`.
const KINDS: [(&str, &str, bool); 13] = [
    ("{} Idrettslag", "idrett", false),
    ("{} Sjakklubb", "kultur", false),
    ("{} Skolekorps", "musikk", false),
    ("Asker bibliotek {}", "bibliotek", true),
    ("Frivilligsentralen {}", "frivillighet", true),
    ("{} Speidergruppe", "friluftsliv", false),
    ("Dansestudio {}", "dans", false),
    ("{} Seniorforening", "seniortrening", false),
    ("Språkkafé {}", "sprak-og-samtale", true),
    ("Kunstverkstedet {}", "kunst-og-handverk", false),
    ("{} Ungdomsklubb", "moteplass", true),
    ("Kurshuset {}", "kurs", false),
    ("{} Alle med", "idrett", true),
];

const TIMES: &[(u32, u32, u32, u32)] = &[
    (16, 0, 17, 0),
    (17, 0, 18, 30),
    (17, 30, 19, 0),
    (18, 0, 19, 30),
    (19, 0, 21, 0),
    (10, 0, 12, 0),
];

fn org_name(i: usize) -> (String, usize, usize) {
    let kind = i % KINDS.len();
    let district = (i * 7 + i / KINDS.len()) % DISTRICTS.len();
    let round = i / (KINDS.len() * DISTRICTS.len());
    let base = KINDS[kind].0.replace("{}", DISTRICTS[district].1);
    let name = if round == 0 {
        format!("{base} (demo)")
    } else {
        format!("{base} {} (demo)", round + 1)
    };
    (name, kind, district)
}

/// Creates `organizations` approved demo organizations (each with a place,
/// `organizer` as admin) and `count` activities among them. Does nothing if
/// demo organizations exist. Returns the number of activities created.
pub async fn seed(
    conn: &mut AsyncPgConnection,
    organizer: Uuid,
    organizations: usize,
    count: usize,
) -> Result<usize, ApiError> {
    let (_, existing) = orgs::list(
        conn,
        &orgs::OrganizationFilter {
            text: Some("(demo)".into()),
            ..Default::default()
        },
        1,
        0,
    )
    .await?;
    if existing > 0 || organizations == 0 {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(20261123);
    let mut places: Vec<(Uuid, Uuid, usize, String)> = Vec::new();
    let mut used = std::collections::HashSet::new();
    for i in 0..organizations {
        let (mut name, kind, district) = org_name(i);
        // Many organizations (the benchmarks) repeat a kind and district.
        if !used.insert(name.clone()) {
            name = name.replace(" (demo)", &format!(" nr. {} (demo)", i + 1));
            used.insert(name.clone());
        }
        let input = OrganizationInput {
            name: name.clone(),
            description: format!("Demodata: {name} er et eksempel, ikke et ekte lag."),
            contact_email: Some("demo@fritid.test".into()),
            districts: vec![DISTRICTS[district].0.into()],
            ..Default::default()
        };
        let valid = input.validate().map_err(ApiError::Validation)?;
        let (org, place) = conn
            .transaction::<_, ApiError, _>(async |conn| {
                let org = orgs::insert(conn, &valid, organizer, true).await?;
                orgs::decide(
                    conn,
                    org,
                    fritid_domain::organization::OrganizationStatus::Approved,
                    None,
                    organizer,
                )
                .await?;
                let place = PlaceInput {
                    name: format!(
                        "{} {}",
                        [
                            "Grendehuset",
                            "Skolen",
                            "Hallen",
                            "Biblioteket",
                            "Kulturhuset"
                        ][i % 5],
                        DISTRICTS[district].1
                    ),
                    address: format!("Demoveien {}, Asker", i + 1),
                    district: DISTRICTS[district].0.into(),
                    step_free_access: i % 3 != 0,
                    accessible_toilet: i % 2 == 0,
                    hearing_loop: i % 4 == 0,
                    transit_note: "Buss til nærmeste holdeplass, kort gange.".into(),
                    ..Default::default()
                };
                let place = orgs::insert_place(conn, org, &place).await?;
                Ok((org, place))
            })
            .await?;
        places.push((org, place, kind, DISTRICTS[district].0.into()));
    }

    let today = Utc::now().date_naive();
    let mut created = 0;
    // Each kind goes through its own list, so every title is used before any repeats.
    let mut next_of_kind = [0usize; KINDS.len()];
    let mut pending = Vec::with_capacity(count);
    for i in 0..count {
        let (org, place, kind, district) = places[i % places.len()].clone();
        let (_, category, usually_free) = KINDS[kind];
        let titles = CATALOGUE[kind];
        let (title, title_en, age_min, age_max, what) = titles[next_of_kind[kind] % titles.len()];
        next_of_kind[kind] += 1;
        let free = rng.gen_bool(if usually_free { 0.85 } else { 0.25 });
        let drop_in = rng.gen_bool(0.2);
        let (sh, sm, eh, em) = TIMES[rng.gen_range(0..TIMES.len())];
        let schedule = if rng.gen_bool(0.75) {
            let first = rng.gen_range(0..7usize);
            let mut weekdays = vec![Weekday::ALL[first]];
            if rng.gen_bool(0.3) {
                weekdays.push(Weekday::ALL[(first + 2) % 7]);
            }
            let from = today - Duration::days(rng.gen_range(0..60));
            Schedule::Weekly {
                weekdays,
                start_time: NaiveTime::from_hms_opt(sh, sm, 0).unwrap_or_default(),
                end_time: NaiveTime::from_hms_opt(eh, em, 0).unwrap_or_default(),
                from,
                until: from + Duration::days(rng.gen_range(60..200)),
                exception_dates: vec![],
            }
        } else {
            let day = today + Duration::days(rng.gen_range(1..120));
            let starts_at = fritid_domain::schedule::oslo_instant(
                day,
                NaiveTime::from_hms_opt(sh, sm, 0).unwrap_or_default(),
            );
            Schedule::Single {
                starts_at,
                ends_at: starts_at + Duration::minutes(i64::from((eh * 60 + em) - (sh * 60 + sm))),
            }
        };
        let input = ActivityInput {
            place_id: PlaceId(place),
            category: category.into(),
            title: format!("{title} (demo)"),
            title_en: Some(format!("{title_en} (demo)")),
            description: format!(
                "{what} Vi holder til i {}. Nye deltakere er alltid velkomne.\n\nDemodata: dette er et eksempel, ikke et ekte tilbud.",
                DISTRICTS.iter().find(|d| d.0 == district).map(|d| d.1).unwrap_or_default()
            ),
            description_en: Some(format!(
                "{title_en} in {}. Newcomers are always welcome.\n\nDemo data: an example, not a real activity.",
                DISTRICTS.iter().find(|d| d.0 == district).map(|d| d.1).unwrap_or_default()
            )),
            tags: vec![Tag("demo".into())],
            age_min,
            age_max,
            contact: Contact { name: "Demo Kontaktperson".into(), email: Some("demo@fritid.test".into()), phone: None },
            cost: if free {
                Cost { is_free: true, ..Default::default() }
            } else {
                Cost {
                    is_free: false,
                    membership_fee_nok: [0, 200, 350, 500, 900, 1500][rng.gen_range(0..6)],
                    session_fee_nok: [0, 0, 50, 100][rng.gen_range(0..4)],
                    equipment_cost_nok: [0, 0, 300, 800][rng.gen_range(0..4)],
                    other_cost_nok: [0, 0, 0, 400][rng.gen_range(0..4)],
                }
            },
            threshold: Threshold {
                drop_in,
                no_membership_needed: drop_in || rng.gen_bool(0.3),
                free_trial: rng.gen_bool(0.4),
                newcomer_contact: rng.gen_bool(0.3).then(|| "Demo Velkomstvert".into()),
                languages: if rng.gen_bool(0.25) { vec![LanguageCode("en".into()), LanguageCode("uk".into())] } else { vec![] },
            },
            equipment: Equipment { needed: "Klær etter vær.".into(), lent_by_organizer: rng.gen_bool(0.3) },
            accessibility: ActivityAccessibility {
                adapted_for_disabilities: rng.gen_bool(0.2),
                companion_card_accepted: rng.gen_bool(0.4),
            },
            schedule,
            signup: (!drop_in && rng.gen_bool(0.6)).then(|| SignupSettings { capacity: rng.gen_range(8..30), opens_at: None, closes_at: None }),
        };
        let valid = input.validate().map_err(ApiError::Validation)?;
        pending.push((org, district, valid, i % 40 == 39));
    }
    // Many activities per statement and transaction: the benchmark's
    // 100,000 would otherwise wait for 100,000 commits and 600,000 statements.
    for chunk in pending.chunks(2000) {
        let new: Vec<_> = chunk
            .iter()
            .map(|(org, district, valid, draft)| activities::NewActivity {
                organization: *org,
                district,
                activity: valid,
                created_by: Some(organizer),
                is_demo: true,
                published: !draft,
            })
            .collect();
        conn.transaction::<_, ApiError, _>(async |conn| {
            activities::insert_many(conn, &new).await?;
            Ok(())
        })
        .await?;
        created += chunk.len();
    }
    Ok(created)
}
