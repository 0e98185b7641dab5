//! Demo data for BUA: four lending locations with opening hours, holidays
//! and staff; about 40 models in every category with sizes; some 600
//! units; and loans in every state, waiting lists and unmet demand, so the
//! catalogue, "my loans" and the desk have something real to show. Runs
//! once (skipped when a location exists).

use crate::error::ApiError;
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Oslo;
use fritid_db::bua::admin::{self, NewLocation, NewModel};
use fritid_db::bua::catalogue as db_catalogue;
use fritid_db::bua::loans::{self, Borrower, NewLoan};
use fritid_db::AsyncPgConnection;
use fritid_domain::bua::loan::LoanStatus;
use fritid_domain::bua::rules::{Calendar, OpeningHours};
use uuid::Uuid;

/// (name, address, district, label prefix, opening hours (weekday, opens, closes)).
type LocationSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(i16, u32, u32)],
);

const LOCATIONS: &[LocationSeed] = &[
    (
        "BUA Heggedal",
        "Heggedalsveien 2, 1389 Heggedal",
        "heggedal",
        "HEG",
        &[
            (1, 15, 19),
            (2, 15, 19),
            (3, 15, 19),
            (4, 15, 19),
            (6, 10, 14),
        ],
    ),
    (
        "BUA Asker sentrum",
        "Kirkeveien 3, 1384 Asker",
        "asker-sentrum",
        "ASK",
        &[
            (1, 14, 20),
            (2, 14, 20),
            (3, 14, 20),
            (4, 14, 20),
            (5, 14, 18),
            (6, 10, 15),
        ],
    ),
    (
        "BUA Røyken",
        "Kirkeveien 23, 3440 Røyken",
        "royken",
        "ROY",
        &[(2, 15, 19), (4, 15, 19), (6, 11, 14)],
    ),
    (
        "BUA Sætre",
        "Storgata 41, 3475 Sætre",
        "saetre",
        "SAE",
        &[(3, 15, 19), (6, 11, 14)],
    ),
];

/// (name, category, description, size kind, sizes, min age, max age, loan days).
type ModelSeed = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    Option<i16>,
    Option<i16>,
    i16,
);

const MODELS: &[ModelSeed] = &[
    (
        "Langrennski, klassisk",
        "ski",
        "Smørefrie ski med feller, staver og bindinger.",
        Some("ski_cm"),
        &["90", "100", "110", "120", "130", "140", "150", "160"],
        Some(3),
        Some(16),
        7,
    ),
    (
        "Skøyteski",
        "ski",
        "Ski for skøyting, med staver.",
        Some("ski_cm"),
        &["150", "160", "170", "180"],
        Some(10),
        None,
        7,
    ),
    (
        "Alpinski",
        "ski",
        "Carvingski med bindinger.",
        Some("ski_cm"),
        &["80", "100", "120", "140", "160"],
        Some(4),
        None,
        7,
    ),
    (
        "Skisko, klassisk",
        "ski",
        "Skisko til NNN-bindinger.",
        Some("shoe_eu"),
        &["28", "30", "32", "34", "36", "38", "40", "42"],
        Some(3),
        None,
        7,
    ),
    (
        "Alpinstøvler",
        "ski",
        "Alpinstøvler, myk flex for barn.",
        Some("shoe_eu"),
        &["28", "30", "32", "34", "36", "38", "40"],
        Some(4),
        None,
        7,
    ),
    (
        "Snowboard",
        "ski",
        "Snowboard med bindinger.",
        Some("ski_cm"),
        &["110", "120", "130", "140", "150"],
        Some(7),
        None,
        7,
    ),
    (
        "Hockeyskøyter",
        "skoyter",
        "Skøyter til lek og hockey.",
        Some("shoe_eu"),
        &["28", "30", "32", "34", "36", "38", "40", "42", "44"],
        Some(4),
        None,
        7,
    ),
    (
        "Kunstløpskøyter",
        "skoyter",
        "Hvite kunstløpskøyter.",
        Some("shoe_eu"),
        &["28", "30", "32", "34", "36", "38"],
        Some(4),
        None,
        7,
    ),
    (
        "Justerbare barneskøyter",
        "skoyter",
        "Doble skøyter for de minste, justerbar størrelse.",
        Some("shoe_eu"),
        &["24-27", "28-31"],
        Some(2),
        Some(6),
        7,
    ),
    (
        "Langløpsskøyter",
        "skoyter",
        "Turskøyter for islagte vann.",
        Some("shoe_eu"),
        &["38", "40", "42", "44"],
        Some(12),
        None,
        7,
    ),
    (
        "Barnesykkel 16\"",
        "sykkel",
        "Lett barnesykkel med fotbrems.",
        Some("wheel_inch"),
        &["16"],
        Some(4),
        Some(7),
        14,
    ),
    (
        "Barnesykkel 20\"",
        "sykkel",
        "Sykkel med gir og håndbrems.",
        Some("wheel_inch"),
        &["20"],
        Some(6),
        Some(9),
        14,
    ),
    (
        "Ungdomssykkel 24\"",
        "sykkel",
        "Terrengsykkel med 21 gir.",
        Some("wheel_inch"),
        &["24"],
        Some(8),
        Some(12),
        14,
    ),
    (
        "Terrengsykkel 26\"",
        "sykkel",
        "Terrengsykkel for ungdom og voksne.",
        Some("wheel_inch"),
        &["26", "27.5"],
        Some(12),
        None,
        14,
    ),
    (
        "Sparkesykkel uten pedaler",
        "sykkel",
        "Løpesykkel for de minste.",
        Some("wheel_inch"),
        &["12"],
        Some(2),
        Some(5),
        14,
    ),
    (
        "Sykkelhjelm",
        "hjelm",
        "Sykkelhjelm med justering.",
        Some("helmet"),
        &["XS", "S", "M", "L"],
        Some(2),
        None,
        14,
    ),
    (
        "Alpinhjelm",
        "hjelm",
        "Hjelm til alpint og snowboard.",
        Some("helmet"),
        &["XS", "S", "M", "L"],
        Some(3),
        None,
        7,
    ),
    (
        "Skøytehjelm",
        "hjelm",
        "Hjelm med gitter til skøyter og hockey.",
        Some("helmet"),
        &["XS", "S", "M"],
        Some(3),
        Some(14),
        7,
    ),
    (
        "Telt for 2",
        "telt",
        "Lett telt for to personer.",
        None,
        &[""],
        None,
        None,
        7,
    ),
    (
        "Telt for 4",
        "telt",
        "Familietelt med to soverom.",
        None,
        &[""],
        None,
        None,
        7,
    ),
    (
        "Lavvo",
        "telt",
        "Lavvo for 8 personer, med ovn.",
        None,
        &[""],
        None,
        None,
        7,
    ),
    (
        "Sovepose, sommer",
        "sovepose",
        "Sovepose ned til 5 grader.",
        Some("clothing"),
        &["Barn", "Voksen"],
        Some(4),
        None,
        7,
    ),
    (
        "Sovepose, vinter",
        "sovepose",
        "Sovepose ned til minus 15 grader.",
        Some("clothing"),
        &["Barn", "Voksen"],
        Some(8),
        None,
        7,
    ),
    (
        "Liggeunderlag",
        "sovepose",
        "Oppblåsbart liggeunderlag.",
        None,
        &[""],
        None,
        None,
        7,
    ),
    (
        "Longboard",
        "longboard",
        "Longboard for nybegynnere.",
        None,
        &[""],
        Some(8),
        None,
        7,
    ),
    (
        "Skateboard",
        "longboard",
        "Komplett skateboard.",
        None,
        &[""],
        Some(6),
        None,
        7,
    ),
    (
        "Beskyttelsessett",
        "longboard",
        "Kne-, albue- og håndleddsbeskyttere.",
        Some("clothing"),
        &["S", "M", "L"],
        Some(5),
        None,
        7,
    ),
    (
        "Sparkesykkel",
        "sparkesykkel",
        "Sammenleggbar sparkesykkel.",
        None,
        &[""],
        Some(5),
        None,
        7,
    ),
    (
        "Truger",
        "truger",
        "Truger for turer i dyp snø.",
        Some("clothing"),
        &["Barn", "Voksen"],
        Some(6),
        None,
        7,
    ),
    (
        "Fiskestang med snelle",
        "fiske",
        "Haspelstang med sluk.",
        None,
        &[""],
        Some(6),
        None,
        7,
    ),
    (
        "Isfiskeutstyr",
        "fiske",
        "Isbor, pilkestang og sitteunderlag.",
        None,
        &[""],
        Some(8),
        None,
        7,
    ),
    (
        "Fotball",
        "ball",
        "Fotball str. 4 og 5.",
        Some("clothing"),
        &["4", "5"],
        Some(5),
        None,
        7,
    ),
    (
        "Volleyballsett",
        "ball",
        "Nett og ball.",
        None,
        &[""],
        Some(8),
        None,
        7,
    ),
    (
        "Kubbspill",
        "annet",
        "Kubb i tre.",
        None,
        &[""],
        Some(5),
        None,
        7,
    ),
    (
        "Akebrett",
        "annet",
        "Akebrett og rattkjelke.",
        None,
        &[""],
        Some(3),
        None,
        7,
    ),
    (
        "Pulk",
        "annet",
        "Pulk for barn, med seler.",
        None,
        &[""],
        Some(0),
        Some(4),
        7,
    ),
    (
        "Tursekk 30 l",
        "annet",
        "Tursekk for barn.",
        Some("clothing"),
        &["Barn", "Voksen"],
        Some(6),
        None,
        7,
    ),
    (
        "Stormkjøkken",
        "annet",
        "Stormkjøkken med brenner.",
        None,
        &[""],
        None,
        None,
        7,
    ),
    (
        "Hengekøye",
        "annet",
        "Hengekøye med myggnett.",
        None,
        &[""],
        Some(6),
        None,
        7,
    ),
    (
        "Padlebrett (SUP)",
        "annet",
        "Oppblåsbart padlebrett med åre og vest.",
        Some("clothing"),
        &["Barn", "Voksen"],
        Some(8),
        None,
        3,
    ),
];

fn time(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// How many units a location has of one size: 0–2, varied but fixed;
/// Heggedal (the demo desk) has every size, and so does every location
/// for a model's first size.
fn units_of(location: usize, model: usize, size: usize) -> usize {
    let n = (location * 7 + model * 3 + size * 5) % 3;
    if location == 0 || size == 0 {
        n.max(1)
    } else {
        n
    }
}

/// Seeds BUA once. `staff` works at Heggedal and Asker sentrum; the loans
/// belong to `families` (the demo citizen first). Returns the units made.
pub async fn seed(
    conn: &mut AsyncPgConnection,
    staff: Uuid,
    families: &[Uuid],
) -> Result<usize, ApiError> {
    if !db_catalogue::locations(conn).await?.is_empty() {
        return Ok(0);
    }
    let today = Utc::now().with_timezone(&Oslo).date_naive();
    // Christmas and New Year ahead, and the next 17 May: closed.
    let year = today.year();
    let holidays: Vec<NaiveDate> = [(12, 24), (12, 25), (12, 26), (12, 31), (1, 1), (5, 17)]
        .iter()
        .filter_map(|(m, d)| {
            let this = NaiveDate::from_ymd_opt(year, *m, *d)?;
            if this >= today {
                Some(this)
            } else {
                NaiveDate::from_ymd_opt(year + 1, *m, *d)
            }
        })
        .collect();
    let mut locations = Vec::new();
    for (i, (name, address, district, _, hours)) in LOCATIONS.iter().enumerate() {
        let email = format!("bua.{district}@asker.kommune.no");
        let phone = format!("+47 66 90 0{i} 00");
        let id = admin::create_location(
            conn,
            &NewLocation {
                name,
                address,
                district,
                contact_email: Some(&email),
                contact_phone: Some(&phone),
            },
        )
        .await?;
        let weekly: Vec<(i16, NaiveTime, NaiveTime)> = hours
            .iter()
            .map(|(w, o, c)| (*w, time(*o), time(*c)))
            .collect();
        admin::set_hours(conn, id, &weekly).await?;
        admin::add_closed_days(conn, id, &holidays, "Helligdag").await?;
        let calendar = Calendar {
            hours: hours
                .iter()
                .map(|(weekday, opens, closes)| OpeningHours {
                    weekday: *weekday,
                    opens: time(*opens),
                    closes: time(*closes),
                })
                .collect(),
            closed: holidays.clone(),
        };
        locations.push((id, calendar));
    }
    for (loc, _) in locations.iter().take(2) {
        db_catalogue::add_staff(conn, *loc, staff).await?;
    }
    let mut units = 0;
    let mut models = Vec::new();
    for (m, (name, category, description, size_kind, sizes, min_age, max_age, days)) in
        MODELS.iter().enumerate()
    {
        let id = admin::create_model(
            conn,
            &NewModel {
                name,
                category,
                description,
                size_kind: *size_kind,
                min_age: *min_age,
                max_age: *max_age,
                default_loan_days: *days,
            },
        )
        .await?;
        models.push(id);
        for (l, (loc, _)) in locations.iter().enumerate() {
            for (s, size) in sizes.iter().enumerate() {
                // Every location has the first size of every model.
                let n = units_of(l, m, s) + usize::from(sizes.len() == 1);
                for _ in 0..n {
                    units += 1;
                    let label = format!("{}-{units:04}", LOCATIONS[l].3);
                    admin::create_unit(conn, &label, id, *loc, size).await?;
                }
            }
        }
    }
    // Loans in every state, at Heggedal (the staff's desk), for the families.
    let (heggedal, calendar) = &locations[0];
    let open = |from: NaiveDate| calendar.next_open(from, 14).unwrap_or(from);
    let next_week = open(today + Days::new(7));
    let tomorrow = open(today + Days::new(1));
    let plans: &[(usize, &str, LoanStatus, NaiveDate, NaiveDate)] = &[
        // (model, size, state, pickup, return)
        (
            0,
            "130",
            LoanStatus::Reserved,
            tomorrow,
            open(tomorrow + Days::new(5)),
        ),
        (
            6,
            "34",
            LoanStatus::Reserved,
            next_week,
            open(next_week + Days::new(5)),
        ),
        (
            15,
            "S",
            LoanStatus::Offered,
            tomorrow,
            open(tomorrow + Days::new(4)),
        ),
        (
            0,
            "120",
            LoanStatus::PickedUp,
            today - Days::new(4),
            today + Days::new(1),
        ),
        (
            3,
            "32",
            LoanStatus::PickedUp,
            today - Days::new(9),
            today - Days::new(2),
        ),
        (
            10,
            "16",
            LoanStatus::PickedUp,
            today - Days::new(3),
            open(today + Days::new(3)),
        ),
        (
            18,
            "",
            LoanStatus::Returned,
            today - Days::new(20),
            today - Days::new(13),
        ),
        (
            6,
            "36",
            LoanStatus::Cancelled,
            today - Days::new(6),
            today - Days::new(1),
        ),
        (
            1,
            "150",
            LoanStatus::NoShow,
            today - Days::new(5),
            today - Days::new(1),
        ),
    ];
    for (i, (model, size, status, pickup, ret)) in plans.iter().enumerate() {
        let family = families[i % families.len()];
        let n = NewLoan {
            location: *heggedal,
            model: models[*model],
            size,
            pickup_on: *pickup,
            return_on: *ret,
            borrower: Borrower::Account(family),
            status: match status {
                LoanStatus::Offered => LoanStatus::Offered,
                LoanStatus::PickedUp => LoanStatus::PickedUp,
                _ => LoanStatus::Reserved,
            },
            offer_expires_at: (*status == LoanStatus::Offered)
                .then(|| Utc::now() + chrono::Duration::hours(20)),
            handed_out_by: (*status == LoanStatus::PickedUp).then_some(staff),
            fund_application: None,
        };
        // Past periods are booked directly; the allocator reads "today".
        if let Some(id) = loans::book(conn, &n, *pickup).await? {
            if !matches!(
                status,
                LoanStatus::Reserved | LoanStatus::Offered | LoanStatus::PickedUp
            ) {
                loans::set_status(conn, id, *status).await?;
            }
            if *status == LoanStatus::Returned {
                admin::mark_returned_ok(conn, id).await?;
            }
        }
    }
    // A walk-in out now, and one unit in maintenance.
    let walk_in = NewLoan {
        location: *heggedal,
        model: models[16],
        size: "M",
        pickup_on: today,
        return_on: today + Days::new(3),
        borrower: Borrower::WalkIn {
            name: "Ola Nordmann",
            phone: "+47 912 34 567",
        },
        status: LoanStatus::PickedUp,
        offer_expires_at: None,
        handed_out_by: Some(staff),
        fund_application: None,
    };
    loans::book(conn, &walk_in, today).await?;
    admin::first_unit_to_maintenance(conn, *heggedal, models[2], "Løs binding").await?;
    // Unmet demand: sizes people asked for and did not get.
    for (k, (model, size, district)) in [
        (0, "160", "heggedal"),
        (0, "160", "vollen"),
        (6, "44", "heggedal"),
        (13, "27.5", "asker-sentrum"),
        (20, "", "royken"),
    ]
    .iter()
    .enumerate()
    {
        for _ in 0..(6 - k) {
            db_catalogue::record_unmet(
                conn,
                locations[k % 2].0,
                models[*model],
                size,
                Some(district),
                None,
            )
            .await?;
        }
    }
    Ok(units)
}
