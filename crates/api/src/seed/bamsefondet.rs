//! Demo data for Bamsefondet: "Bamsefondet (demo)" with an open round and
//! 60 applications from demo families in every state of the casework, so
//! every screen has something real to show. Runs once (skipped when the
//! demo fund exists).

use crate::error::ApiError;
use chrono::{Duration, NaiveDate, Utc};
use fritid_db::bamsefondet::applications as apps;
use fritid_db::bamsefondet::{casework, funds};
use fritid_db::users::{self, NewUser};
use fritid_db::{AsyncConnection, AsyncPgConnection};
use fritid_domain::bamsefondet::application::{CostLine, PayoutTo, ValidDraft};
use fritid_domain::bamsefondet::case::{Outcome, Status};
use fritid_domain::bamsefondet::fund::{CostKind, ValidFund, ValidRound};
use fritid_domain::ids::{ActivityId, RoundId};
use uuid::Uuid;

pub const DEMO_FUND: &str = "Bamsefondet (demo)";
/// Demo families besides the demo citizen.
pub const FAMILIES: usize = 19;

const CHILDREN: &[&str] = &[
    "Emma", "Noah", "Sara", "Ali", "Nora", "Oliver", "Maja", "Filip", "Amina", "Jakob", "Ella",
    "Yusuf", "Ingrid", "Lucas", "Leah", "Mohammed", "Olivia", "Emil", "Hanna", "Aksel",
];
const DISTRICTS: &[&str] = &[
    "asker-sentrum",
    "heggedal",
    "vollen",
    "holmen",
    "nesbru",
    "billingstad",
    "borgen",
    "hvalstad",
    "dikemark",
    "slemmestad",
];
const CLUBS: &[(&str, &str)] = &[
    ("Heggedal IL", "Fotball 9–10 år"),
    ("Asker Turn", "Turn for barn"),
    ("Vollen Svømmeklubb", "Svømmekurs"),
    ("Holmen Ishockey", "Hockeyskole"),
    ("Asker Kulturskole", "Gitar i gruppe"),
];
const REASONS: &[&str] = &[
    "Vi har dårlig råd dette året.",
    "",
    "Jeg er alene med tre barn.",
    "",
    "Barnet vil gjerne være med vennene sine.",
];

/// The state each demo application ends in (60 in all).
const PLAN: &[(Status, usize)] = &[
    (Status::Draft, 4),
    (Status::Submitted, 12),
    (Status::InReview, 9),
    (Status::NeedsInfo, 6),
    (Status::Recommended, 6),
    (Status::Decided, 9),
    (Status::Paid, 8),
    (Status::Closed, 3),
    (Status::Withdrawn, 2),
    (Status::Appealed, 1),
];

async fn demo_user(
    conn: &mut AsyncPgConnection,
    email: &str,
    name: &str,
    hash: &str,
) -> Result<Uuid, ApiError> {
    if let Some(u) = users::find_by_email(conn, email).await? {
        return Ok(u.id);
    }
    Ok(users::insert(
        conn,
        &NewUser {
            email,
            display_name: name,
            password_hash: hash,
            language: "nb",
            email_verified_at: Some(Utc::now()),
        },
    )
    .await?
    .id)
}

/// Seeds the demo fund; returns how many applications were created.
pub async fn seed(
    conn: &mut AsyncPgConnection,
    citizen: Uuid,
    caseworker: Uuid,
    approver: Uuid,
    hash: &str,
) -> Result<usize, ApiError> {
    if funds::list_funds(conn)
        .await?
        .iter()
        .any(|f| f.name == DEMO_FUND)
    {
        return Ok(0);
    }
    let activities = apps::paid_activities(conn, 10).await?;
    let mut families = vec![citizen];
    for i in 1..=FAMILIES {
        families.push(
            demo_user(
                conn,
                &format!("familie{i:02}@fritid.test"),
                &format!("Demo Familie {i}"),
                hash,
            )
            .await?,
        );
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        let fund = funds::create_fund(
            conn,
            &ValidFund {
                name: DEMO_FUND.into(),
                decision_owner: "Asker kommune, Oppvekst (demo)".into(),
                appeal_body: "Kommunens klagenemnd".into(),
                contact: "bamsefondet@asker.kommune.no, tlf. 66 90 00 00".into(),
                four_eyes: true,
            },
        )
        .await?;
        let opens = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let round = funds::create_round(
            conn,
            fund.id,
            &ValidRound {
                name: "2026–2027".into(),
                opens_on: opens,
                closes_on: None,
                budget_nok: 400_000,
                max_per_child_nok: 5000,
                covers: CostKind::ALL.to_vec(),
            },
        )
        .await?;
        let mut n = 0usize;
        for (state, count) in PLAN {
            for _ in 0..*count {
                let family = families[n % families.len()];
                let child = CHILDREN[n % CHILDREN.len()];
                let from_calendar = n.is_multiple_of(3) && !activities.is_empty();
                let (club, activity) = CLUBS[n % CLUBS.len()];
                let fee = 800 + (n as i32 * 137) % 2400;
                let mut lines = vec![CostLine {
                    kind: CostKind::Fee,
                    amount_nok: fee,
                    description: Some("Kontingent".into()),
                }];
                if n % 4 == 1 {
                    lines.push(CostLine {
                        kind: CostKind::Equipment,
                        amount_nok: 600 + (n as i32 * 53) % 900,
                        description: Some("Utstyr".into()),
                    });
                }
                let draft = ValidDraft {
                    round_id: RoundId(round.id),
                    child_first_name: Some(child.into()),
                    child_birth_year: Some(2010 + (n % 12) as i16),
                    district: Some(DISTRICTS[n % DISTRICTS.len()].into()),
                    activity_id: from_calendar
                        .then(|| ActivityId(activities[n % activities.len()])),
                    club_name: (!from_calendar).then(|| club.into()),
                    activity_name: (!from_calendar).then(|| activity.into()),
                    cost_lines: lines,
                    reason: Some(REASONS[n % REASONS.len()].to_owned()).filter(|r| !r.is_empty()),
                    payout_to: Some(if n % 5 == 4 {
                        PayoutTo::Guardian
                    } else {
                        PayoutTo::Club
                    }),
                    account_number: (n % 5 == 4).then(|| "12345678903".into()),
                    consent: true,
                };
                let row = apps::insert_draft(conn, Some(family), None, None, None, &draft).await?;
                let requested = row.requested_nok;
                advance(conn, row.id, *state, n, requested, caseworker, approver).await?;
                // Spread the submissions over the last two months.
                if *state != Status::Draft {
                    let days = 2 + (n as i64 * 7) % 58;
                    apps::backdate(conn, row.id, Utc::now() - Duration::days(days)).await?;
                }
                n += 1;
            }
        }
        Ok(n)
    })
    .await
}

/// Takes a fresh draft to `target` through the same steps casework does.
async fn advance(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    target: Status,
    n: usize,
    requested: i32,
    caseworker: Uuid,
    approver: Uuid,
) -> Result<(), ApiError> {
    use Status as S;
    if target == S::Draft {
        return Ok(());
    }
    let family = apps::find(conn, id).await?.and_then(|r| r.applicant_id);
    apps::change(conn, id, family, "submit", S::Draft, S::Submitted).await?;
    if target == S::Submitted {
        return Ok(());
    }
    if target == S::Withdrawn {
        apps::change(conn, id, family, "withdraw", S::Submitted, S::Withdrawn).await?;
        casework::close(conn, id).await?;
        return Ok(());
    }
    casework::assign(conn, id, caseworker).await?;
    apps::change(
        conn,
        id,
        Some(caseworker),
        "take",
        S::Submitted,
        S::InReview,
    )
    .await?;
    if target == S::InReview {
        return Ok(());
    }
    if target == S::NeedsInfo {
        apps::add_message(
            conn,
            id,
            caseworker,
            true,
            "Hei! Kan du laste opp fakturaen eller bekreftelsen fra klubben?",
        )
        .await?;
        apps::change(
            conn,
            id,
            Some(caseworker),
            "request_info",
            S::InReview,
            S::NeedsInfo,
        )
        .await?;
        return Ok(());
    }
    let (outcome, amount, reasons) = match n % 4 {
        0 | 1 => (Outcome::Approved, requested, None),
        2 => (
            Outcome::PartlyApproved,
            (requested / 2).max(1),
            Some("Fondet dekker kontingenten. Utstyr kan lånes gratis hos BUA."),
        ),
        _ => (
            Outcome::Rejected,
            0,
            Some("Aktiviteten er allerede gratis for barn i denne alderen."),
        ),
    };
    casework::recommend(conn, id, caseworker, outcome, amount, reasons).await?;
    apps::change(
        conn,
        id,
        Some(caseworker),
        "recommend",
        S::InReview,
        S::Recommended,
    )
    .await?;
    if target == S::Recommended {
        return Ok(());
    }
    casework::decide(conn, id, approver, outcome, amount, reasons).await?;
    apps::change(
        conn,
        id,
        Some(approver),
        "decide",
        S::Recommended,
        S::Decided,
    )
    .await?;
    match target {
        S::Paid | S::Closed if amount > 0 => {
            casework::pay(
                conn,
                id,
                "club",
                &format!("Bilag DEMO-{n:03}"),
                Utc::now().date_naive(),
            )
            .await?;
            apps::change(conn, id, Some(caseworker), "pay", S::Decided, S::Paid).await?;
            if target == S::Closed {
                apps::change(conn, id, Some(caseworker), "close", S::Paid, S::Closed).await?;
                casework::close(conn, id).await?;
            }
        }
        S::Paid | S::Closed => {
            apps::change(conn, id, Some(caseworker), "close", S::Decided, S::Closed).await?;
            casework::close(conn, id).await?;
        }
        S::Appealed => {
            casework::appeal(
                conn,
                id,
                "Vi mener barnet fyller kravene. Se vedlagt faktura.",
            )
            .await?;
            apps::change(conn, id, family, "appeal", S::Decided, S::Appealed).await?;
        }
        _ => {}
    }
    Ok(())
}
