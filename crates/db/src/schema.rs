// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, Clone, Debug, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    activities (id) {
        id -> Uuid,
        organization_id -> Uuid,
        place_id -> Uuid,
        district -> Text,
        category -> Text,
        title -> Text,
        title_en -> Nullable<Text>,
        description -> Text,
        description_en -> Nullable<Text>,
        tags -> Array<Nullable<Text>>,
        age_min -> Int2,
        age_max -> Int2,
        contact_name -> Text,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        is_free -> Bool,
        membership_fee_nok -> Int4,
        session_fee_nok -> Int4,
        equipment_cost_nok -> Int4,
        other_cost_nok -> Int4,
        total_cost_nok -> Int4,
        drop_in -> Bool,
        no_membership_needed -> Bool,
        free_trial -> Bool,
        newcomer_contact -> Nullable<Text>,
        languages -> Array<Nullable<Text>>,
        equipment_needed -> Text,
        equipment_lent -> Bool,
        adapted_for_disabilities -> Bool,
        companion_card_accepted -> Bool,
        schedule -> Jsonb,
        status -> Text,
        status_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamptz>,
        signup_required -> Bool,
        capacity -> Nullable<Int4>,
        signup_opens_at -> Nullable<Timestamptz>,
        signup_closes_at -> Nullable<Timestamptz>,
        confirmed_count -> Int4,
        waiting_count -> Int4,
        is_demo -> Bool,
        search -> Tsvector,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        image_id -> Nullable<Uuid>,
        availability_updated_at -> Timestamptz,
        changed_at -> Nullable<Timestamptz>,
        revision -> Int4,
        next_from -> Nullable<Timestamptz>,
        next_starts_at -> Nullable<Timestamptz>,
        next_ends_at -> Nullable<Timestamptz>,
        search_words -> Text,
        next_on -> Nullable<Array<Nullable<Timestamptz>>>,
        start_minute -> Nullable<Int2>,
        step_free_access -> Bool,
    }
}

diesel::table! {
    activity_occurrences (activity_id, starts_at) {
        activity_id -> Uuid,
        starts_at -> Timestamptz,
        ends_at -> Timestamptz,
        weekday -> Int2,
        start_minute -> Int2,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        occurred_at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        action -> Text,
        subject_type -> Text,
        subject_id -> Nullable<Text>,
        details -> Jsonb,
    }
}

diesel::table! {
    bua_booked_days (model_id, location_id, size, day) {
        model_id -> Uuid,
        location_id -> Uuid,
        size -> Text,
        day -> Date,
        booked -> Int4,
    }
}

diesel::table! {
    bua_closed_days (location_id, day) {
        location_id -> Uuid,
        day -> Date,
        reason -> Text,
    }
}

diesel::table! {
    bua_loans (id) {
        id -> Uuid,
        unit_id -> Uuid,
        location_id -> Uuid,
        model_id -> Uuid,
        size -> Text,
        borrower_id -> Nullable<Uuid>,
        walk_in_name -> Nullable<Text>,
        walk_in_phone -> Nullable<Text>,
        status -> Text,
        pickup_on -> Date,
        return_on -> Date,
        period -> Nullable<Daterange>,
        offer_expires_at -> Nullable<Timestamptz>,
        fund_application_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        picked_up_at -> Nullable<Timestamptz>,
        handed_out_by -> Nullable<Uuid>,
        returned_at -> Nullable<Timestamptz>,
        taken_back_by -> Nullable<Uuid>,
        return_condition -> Nullable<Text>,
        damage_note -> Nullable<Text>,
        ended_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    bua_locations (id) {
        id -> Uuid,
        name -> Text,
        address -> Text,
        district -> Text,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        max_loan_days -> Int4,
        min_days_ahead -> Int4,
        max_days_ahead -> Int4,
        max_active_per_household -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    bua_models (id) {
        id -> Uuid,
        name -> Text,
        category -> Text,
        description -> Text,
        size_kind -> Nullable<Text>,
        min_age -> Nullable<Int2>,
        max_age -> Nullable<Int2>,
        default_loan_days -> Int2,
        image_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    bua_opening_hours (location_id, weekday) {
        location_id -> Uuid,
        weekday -> Int2,
        opens -> Time,
        closes -> Time,
    }
}

diesel::table! {
    bua_staff (location_id, user_id) {
        location_id -> Uuid,
        user_id -> Uuid,
        granted_at -> Timestamptz,
    }
}

diesel::table! {
    bua_stock (model_id, location_id, size) {
        model_id -> Uuid,
        location_id -> Uuid,
        size -> Text,
        units -> Int4,
    }
}

diesel::table! {
    bua_units (id) {
        id -> Uuid,
        label -> Text,
        model_id -> Uuid,
        location_id -> Uuid,
        size -> Text,
        condition_note -> Text,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    bua_unmet_demand (id) {
        id -> Int8,
        location_id -> Uuid,
        model_id -> Nullable<Uuid>,
        category -> Text,
        size -> Text,
        district -> Nullable<Text>,
        wanted_on -> Nullable<Date>,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    bua_waitlist (id) {
        id -> Uuid,
        number -> Int8,
        location_id -> Uuid,
        model_id -> Uuid,
        size -> Text,
        user_id -> Uuid,
        pickup_on -> Date,
        return_on -> Date,
        status -> Text,
        loan_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    categories (slug) {
        slug -> Text,
        name_nb -> Text,
        name_en -> Text,
        sort_order -> Int2,
    }
}

diesel::table! {
    districts (slug) {
        slug -> Text,
        name -> Text,
        sort_order -> Int2,
    }
}

diesel::table! {
    email_verifications (user_id) {
        user_id -> Uuid,
        token_hash -> Bytea,
        return_to -> Nullable<Text>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    fund_applications (id) {
        id -> Uuid,
        round_id -> Uuid,
        applicant_id -> Nullable<Uuid>,
        started_by -> Nullable<Uuid>,
        guardian_email -> Nullable<Text>,
        claim_token_hash -> Nullable<Bytea>,
        status -> Text,
        child_first_name -> Nullable<Text>,
        child_birth_year -> Nullable<Int2>,
        district -> Nullable<Text>,
        activity_id -> Nullable<Uuid>,
        club_name -> Nullable<Text>,
        activity_name -> Nullable<Text>,
        cost_lines -> Jsonb,
        requested_nok -> Int4,
        reason -> Nullable<Text>,
        payout_to -> Nullable<Text>,
        account_number -> Nullable<Text>,
        consent -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        submitted_at -> Nullable<Timestamptz>,
        assigned_to -> Nullable<Uuid>,
        recommended_by -> Nullable<Uuid>,
        recommended_at -> Nullable<Timestamptz>,
        recommended_outcome -> Nullable<Text>,
        recommended_nok -> Nullable<Int4>,
        recommended_reasons -> Nullable<Text>,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        outcome -> Nullable<Text>,
        reasons -> Nullable<Text>,
        decided_nok -> Nullable<Int4>,
        granted_nok -> Int4,
        letter_sent_at -> Nullable<Timestamptz>,
        letter_opened_on -> Nullable<Date>,
        appeal_text -> Nullable<Text>,
        appealed_at -> Nullable<Timestamptz>,
        appeal_decided_by -> Nullable<Uuid>,
        appeal_decided_at -> Nullable<Timestamptz>,
        appeal_outcome -> Nullable<Text>,
        appeal_reasons -> Nullable<Text>,
        appeal_granted_nok -> Nullable<Int4>,
        appeal_letter_sent_at -> Nullable<Timestamptz>,
        appeal_letter_opened_on -> Nullable<Date>,
        participation_confirmed_at -> Nullable<Timestamptz>,
        participation_confirmed_by -> Nullable<Uuid>,
        paid_nok -> Int4,
        paid_to -> Nullable<Text>,
        paid_on -> Nullable<Date>,
        paid_reference -> Nullable<Text>,
        preliminary_sent_at -> Nullable<Timestamptz>,
        closed_at -> Nullable<Timestamptz>,
        anonymised_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    fund_attachments (id) {
        id -> Uuid,
        application_id -> Uuid,
        uploaded_by -> Nullable<Uuid>,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> Int4,
        sha256 -> Bytea,
        bytes -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    fund_decision_days (round_id, days) {
        round_id -> Uuid,
        days -> Int4,
        decisions -> Int8,
        total_days -> Float8,
    }
}

diesel::table! {
    fund_disqualifications (application_id, user_id) {
        application_id -> Uuid,
        user_id -> Uuid,
        reason -> Text,
        declared_at -> Timestamptz,
    }
}

diesel::table! {
    fund_events (id) {
        id -> Int8,
        application_id -> Uuid,
        at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
    }
}

diesel::table! {
    fund_messages (id) {
        id -> Int8,
        application_id -> Uuid,
        author_id -> Nullable<Uuid>,
        from_fund -> Bool,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    fund_notes (id) {
        id -> Int8,
        application_id -> Uuid,
        author_id -> Nullable<Uuid>,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    fund_rounds (id) {
        id -> Uuid,
        fund_id -> Uuid,
        name -> Text,
        opens_on -> Date,
        closes_on -> Nullable<Date>,
        budget_nok -> Int8,
        max_per_child_nok -> Int4,
        covers -> Array<Nullable<Text>>,
        committed_nok -> Int8,
        paid_nok -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    fund_summary (round_id, district, month, decided_month, status) {
        round_id -> Uuid,
        district -> Text,
        month -> Text,
        decided_month -> Text,
        status -> Text,
        applications -> Int4,
        granted -> Int4,
        rejected -> Int4,
        granted_nok -> Int8,
    }
}

diesel::table! {
    funds (id) {
        id -> Uuid,
        name -> Text,
        decision_owner -> Text,
        appeal_body -> Text,
        contact -> Text,
        four_eyes -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    image_variants (image_id, variant) {
        image_id -> Uuid,
        variant -> Text,
        width -> Int4,
        height -> Int4,
        bytes -> Bytea,
    }
}

diesel::table! {
    images (id) {
        id -> Uuid,
        organization_id -> Nullable<Uuid>,
        uploaded_by -> Nullable<Uuid>,
        alt -> Text,
        source_sha256 -> Bytea,
        source_type -> Text,
        source_width -> Int4,
        source_height -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    jobs (name) {
        name -> Text,
        every_seconds -> Int4,
        next_run_at -> Timestamptz,
        last_started_at -> Nullable<Timestamptz>,
        last_finished_at -> Nullable<Timestamptz>,
        last_ok -> Nullable<Bool>,
        last_summary -> Nullable<Text>,
        runs -> Int8,
        failures -> Int8,
    }
}

diesel::table! {
    organization_districts (organization_id, district) {
        organization_id -> Uuid,
        district -> Text,
    }
}

diesel::table! {
    organization_invitations (id) {
        id -> Uuid,
        organization_id -> Uuid,
        email -> Text,
        role -> Text,
        invited_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        status -> Text,
        answered_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    organization_members (organization_id, user_id) {
        organization_id -> Uuid,
        user_id -> Uuid,
        role -> Text,
        added_at -> Timestamptz,
    }
}

diesel::table! {
    organizations (id) {
        id -> Uuid,
        name -> Text,
        org_number -> Nullable<Text>,
        description -> Text,
        website -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        status -> Text,
        status_reason -> Nullable<Text>,
        is_demo -> Bool,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        decided_at -> Nullable<Timestamptz>,
        decided_by -> Nullable<Uuid>,
        image_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Uuid,
        user_id -> Nullable<Uuid>,
        recipient -> Text,
        template -> Text,
        language -> Text,
        data -> Jsonb,
        essential -> Bool,
        send_email -> Bool,
        dedup_key -> Nullable<Text>,
        created_at -> Timestamptz,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        failed_at -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    places (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        address -> Text,
        district -> Text,
        latitude -> Nullable<Float8>,
        longitude -> Nullable<Float8>,
        step_free_access -> Bool,
        accessible_toilet -> Bool,
        hearing_loop -> Bool,
        transit_note -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        family_id -> Uuid,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    signups (id) {
        id -> Uuid,
        activity_id -> Uuid,
        user_id -> Uuid,
        participant -> Text,
        first_name -> Text,
        birth_year -> Nullable<Int2>,
        status -> Text,
        seq -> Int8,
        queued_at -> Timestamptz,
        created_at -> Timestamptz,
        promoted_at -> Nullable<Timestamptz>,
        cancelled_at -> Nullable<Timestamptz>,
        share_contact -> Bool,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> Uuid,
        role -> Text,
        granted_at -> Timestamptz,
        granted_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        password_changed_at -> Timestamptz,
        language -> Text,
        email_reminders -> Bool,
        email_verified_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(activities -> categories (category));
diesel::joinable!(activities -> districts (district));
diesel::joinable!(activities -> images (image_id));
diesel::joinable!(activities -> organizations (organization_id));
diesel::joinable!(activities -> places (place_id));
diesel::joinable!(activities -> users (created_by));
diesel::joinable!(activity_occurrences -> activities (activity_id));
diesel::joinable!(bua_closed_days -> bua_locations (location_id));
diesel::joinable!(bua_loans -> bua_locations (location_id));
diesel::joinable!(bua_loans -> bua_models (model_id));
diesel::joinable!(bua_loans -> bua_units (unit_id));
diesel::joinable!(bua_loans -> fund_applications (fund_application_id));
diesel::joinable!(bua_locations -> districts (district));
diesel::joinable!(bua_models -> images (image_id));
diesel::joinable!(bua_opening_hours -> bua_locations (location_id));
diesel::joinable!(bua_staff -> bua_locations (location_id));
diesel::joinable!(bua_staff -> users (user_id));
diesel::joinable!(bua_stock -> bua_locations (location_id));
diesel::joinable!(bua_stock -> bua_models (model_id));
diesel::joinable!(bua_units -> bua_locations (location_id));
diesel::joinable!(bua_units -> bua_models (model_id));
diesel::joinable!(bua_unmet_demand -> bua_locations (location_id));
diesel::joinable!(bua_unmet_demand -> bua_models (model_id));
diesel::joinable!(bua_unmet_demand -> districts (district));
diesel::joinable!(bua_waitlist -> bua_loans (loan_id));
diesel::joinable!(bua_waitlist -> bua_locations (location_id));
diesel::joinable!(bua_waitlist -> bua_models (model_id));
diesel::joinable!(bua_waitlist -> users (user_id));
diesel::joinable!(email_verifications -> users (user_id));
diesel::joinable!(fund_applications -> activities (activity_id));
diesel::joinable!(fund_applications -> districts (district));
diesel::joinable!(fund_applications -> fund_rounds (round_id));
diesel::joinable!(fund_attachments -> fund_applications (application_id));
diesel::joinable!(fund_attachments -> users (uploaded_by));
diesel::joinable!(fund_decision_days -> fund_rounds (round_id));
diesel::joinable!(fund_disqualifications -> fund_applications (application_id));
diesel::joinable!(fund_disqualifications -> users (user_id));
diesel::joinable!(fund_events -> fund_applications (application_id));
diesel::joinable!(fund_messages -> fund_applications (application_id));
diesel::joinable!(fund_messages -> users (author_id));
diesel::joinable!(fund_notes -> fund_applications (application_id));
diesel::joinable!(fund_notes -> users (author_id));
diesel::joinable!(fund_rounds -> funds (fund_id));
diesel::joinable!(fund_summary -> fund_rounds (round_id));
diesel::joinable!(image_variants -> images (image_id));
diesel::joinable!(images -> users (uploaded_by));
diesel::joinable!(organization_districts -> districts (district));
diesel::joinable!(organization_districts -> organizations (organization_id));
diesel::joinable!(organization_invitations -> organizations (organization_id));
diesel::joinable!(organization_invitations -> users (invited_by));
diesel::joinable!(organization_members -> organizations (organization_id));
diesel::joinable!(organization_members -> users (user_id));
diesel::joinable!(outbox -> users (user_id));
diesel::joinable!(places -> districts (district));
diesel::joinable!(places -> organizations (organization_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(signups -> activities (activity_id));
diesel::joinable!(signups -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    activities,
    activity_occurrences,
    audit_log,
    bua_booked_days,
    bua_closed_days,
    bua_loans,
    bua_locations,
    bua_models,
    bua_opening_hours,
    bua_staff,
    bua_stock,
    bua_units,
    bua_unmet_demand,
    bua_waitlist,
    categories,
    districts,
    email_verifications,
    fund_applications,
    fund_attachments,
    fund_decision_days,
    fund_disqualifications,
    fund_events,
    fund_messages,
    fund_notes,
    fund_rounds,
    fund_summary,
    funds,
    image_variants,
    images,
    jobs,
    organization_districts,
    organization_invitations,
    organization_members,
    organizations,
    outbox,
    places,
    refresh_tokens,
    signups,
    user_roles,
    users,
);
