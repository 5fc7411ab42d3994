-- The incident as the pages read it: one row per incident with every column but its summary,
-- and its links as sorted lists, so that filtering and counting read one table instead of
-- joining seven. Derived: rebuilt from incident and its link tables in every snapshot by
-- rrm_dash/sql/derive/incident_facet.sql (importers never write it), ordered by detection
-- time so that a period filter skips whole row groups.
create table incident_facet (
    incident_id         varchar not null,
    title               varchar not null,
    first_activity      date,
    last_activity       date,
    detected_at         timestamp not null,
    assessed_at         timestamp,
    notified_at         timestamp,
    published_at        timestamp,
    heading             varchar not null,
    threat_type         varchar not null,
    tnr_vector          varchar,
    attribution_status  varchar not null,
    likelihood          varchar,
    analytic_confidence varchar,
    source_reliability  varchar,
    info_credibility    varchar,
    breakout_scale      integer,
    reach_estimate      bigint,
    content_origin      varchar not null,
    election_id         varchar,
    election_phase      varchar,
    gender_dimension    varchar not null,
    status              varchar not null,
    latitude            double,
    longitude           double,
    place_name          varchar,
    stix_id             varchar,
    tlp                 varchar not null,
    pap                 varchar not null,
    originator_member   varchar not null,
    releasable_to       varchar[] not null,
    chatham_house       boolean not null,
    created_at          timestamp not null,
    updated_at          timestamp not null,
    targeted_members    varchar[] not null,
    technique_ids       varchar[] not null,
    actor_ids           varchar[] not null,
    narrative_ids       varchar[] not null,
    platforms           varchar[] not null,
    targets_women       boolean not null,
    targets_vulnerable  boolean not null
);
comment on table incident_facet is 'Derived, never imported: each incident without its summary, with its links as lists (rebuilt from incident and its link tables in every snapshot). The pages filter and count on it.';
comment on column incident_facet.incident_id is 'The incident.';
comment on column incident_facet.title is 'As on incident.';
comment on column incident_facet.first_activity is 'As on incident.';
comment on column incident_facet.last_activity is 'As on incident.';
comment on column incident_facet.detected_at is 'As on incident; rows are stored in this order.';
comment on column incident_facet.assessed_at is 'As on incident.';
comment on column incident_facet.notified_at is 'As on incident.';
comment on column incident_facet.published_at is 'As on incident.';
comment on column incident_facet.heading is 'As on incident.';
comment on column incident_facet.threat_type is 'As on incident.';
comment on column incident_facet.tnr_vector is 'As on incident.';
comment on column incident_facet.attribution_status is 'As on incident.';
comment on column incident_facet.likelihood is 'As on incident.';
comment on column incident_facet.analytic_confidence is 'As on incident.';
comment on column incident_facet.source_reliability is 'As on incident.';
comment on column incident_facet.info_credibility is 'As on incident.';
comment on column incident_facet.breakout_scale is 'As on incident.';
comment on column incident_facet.reach_estimate is 'As on incident.';
comment on column incident_facet.content_origin is 'As on incident.';
comment on column incident_facet.election_id is 'As on incident.';
comment on column incident_facet.election_phase is 'As on incident.';
comment on column incident_facet.gender_dimension is 'As on incident.';
comment on column incident_facet.status is 'As on incident.';
comment on column incident_facet.latitude is 'As on incident.';
comment on column incident_facet.longitude is 'As on incident.';
comment on column incident_facet.place_name is 'As on incident.';
comment on column incident_facet.stix_id is 'As on incident.';
comment on column incident_facet.tlp is 'As on incident.';
comment on column incident_facet.pap is 'As on incident.';
comment on column incident_facet.originator_member is 'As on incident.';
comment on column incident_facet.releasable_to is 'As on incident.';
comment on column incident_facet.chatham_house is 'As on incident.';
comment on column incident_facet.created_at is 'As on incident.';
comment on column incident_facet.updated_at is 'As on incident.';
comment on column incident_facet.targeted_members is 'Codes the incident targets (incident_country rows with role targeted), sorted.';
comment on column incident_facet.technique_ids is 'Its DISARM ids (incident_technique), sorted.';
comment on column incident_facet.actor_ids is 'Its actors (incident_actor), sorted. Readers must still check that each actor is visible.';
comment on column incident_facet.narrative_ids is 'Its narratives (incident_narrative), sorted. Readers must still check that each narrative is visible.';
comment on column incident_facet.platforms is 'Its platforms (incident_platform), sorted.';
comment on column incident_facet.targets_women is 'Whether one of its targets (incident_target) is women.';
comment on column incident_facet.targets_vulnerable is 'Whether one of its targets (incident_target) is a vulnerable group.';
