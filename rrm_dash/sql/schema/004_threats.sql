-- Threat facts: actors, narratives, channels, elections, incidents and their link tables.
-- Every fact table carries the same marking columns; the app reads them only through the
-- access scope (rrm_dash/sql/read/scope.sql).
create table actor (
    actor_id          varchar primary key,
    name              varchar not null,
    aliases           varchar[] not null default [],
    actor_kind        varchar not null check (actor_kind in ('state', 'state_proxy', 'commercial', 'non_state', 'unknown')),
    sponsor_state     varchar,
    description       varchar,
    first_seen        date,
    stix_id           varchar unique,
    tlp               varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap               varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member varchar not null,
    releasable_to     varchar[] not null default [],
    chatham_house     boolean not null default false,
    created_at        timestamp not null,
    updated_at        timestamp not null
);
comment on table actor is 'Threat actors: states, their proxies, commercial operators, non-state groups.';
comment on column actor.actor_id is 'Text id.';
comment on column actor.name is 'Name by which the network knows the actor.';
comment on column actor.aliases is 'Other names (list).';
comment on column actor.actor_kind is 'state, state_proxy, commercial, non_state or unknown (vocabulary actor_kind).';
comment on column actor.sponsor_state is 'Country code of the sponsoring state, where assessed.';
comment on column actor.description is 'Short description.';
comment on column actor.first_seen is 'Date the actor was first seen.';
comment on column actor.stix_id is 'STIX 2.1 id when imported from or exported to STIX.';

create table narrative (
    narrative_id      varchar primary key,
    name              varchar not null,
    summary           varchar,
    first_seen        date,
    tlp               varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap               varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member varchar not null,
    releasable_to     varchar[] not null default [],
    chatham_house     boolean not null default false,
    created_at        timestamp not null,
    updated_at        timestamp not null
);
comment on table narrative is 'Narratives: the recurring stories that incidents push.';
comment on column narrative.narrative_id is 'Text id.';
comment on column narrative.name is 'Short name of the narrative.';
comment on column narrative.summary is 'What the narrative claims.';
comment on column narrative.first_seen is 'Date first seen.';

create table channel (
    channel_id        varchar primary key,
    platform          varchar not null,
    handle            varchar not null,
    exposure_category varchar not null check (exposure_category in ('official', 'state_controlled', 'state_linked', 'state_aligned', 'unaffiliated')),
    actor_id          varchar,
    tlp               varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap               varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member varchar not null,
    releasable_to     varchar[] not null default [],
    chatham_house     boolean not null default false,
    created_at        timestamp not null,
    updated_at        timestamp not null
);
comment on table channel is 'Accounts, outlets and sites that carry manipulation, with their exposure category.';
comment on column channel.channel_id is 'Text id.';
comment on column channel.platform is 'Platform (vocabulary platform).';
comment on column channel.handle is 'Account handle or site name.';
comment on column channel.exposure_category is 'official, state_controlled, state_linked, state_aligned or unaffiliated.';
comment on column channel.actor_id is 'Actor operating the channel, where known.';

create table election (
    election_id         varchar primary key,
    country             varchar not null,
    level               varchar not null check (level in ('national', 'subnational', 'supranational')),
    election_type       varchar not null check (election_type in ('presidential', 'legislative-lower', 'legislative-upper', 'legislative-general', 'european-parliament', 'referendum', 'subnational')),
    body_en             varchar not null,
    body_fr             varchar not null,
    date_start          date not null,
    date_end            date not null,
    round               integer not null default 1,
    status              varchar not null check (status in ('confirmed', 'date-not-confirmed', 'postponed', 'held')),
    watch_window_start  date not null,
    watch_window_end    date not null,
    protecting_body_en  varchar,
    protecting_body_fr  varchar,
    source              varchar,
    tlp                 varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap                 varchar not null default 'CLEAR' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member   varchar not null,
    releasable_to       varchar[] not null default [],
    chatham_house       boolean not null default false,
    created_at          timestamp not null,
    updated_at          timestamp not null,
    check (date_end >= date_start),
    check (watch_window_start <= date_start and watch_window_end >= date_end)
);
comment on table election is 'National and European Parliament elections of members and observers, with the watch window the network monitors around each vote.';
comment on column election.election_id is 'country.type.date_start, e.g. ca.legislative-lower.2025-04-28.';
comment on column election.country is 'Member or observer code holding the election.';
comment on column election.level is 'national, subnational or supranational.';
comment on column election.election_type is 'Vocabulary election_type.';
comment on column election.body_en is 'Office or body elected, in English.';
comment on column election.body_fr is 'Office or body elected, in French.';
comment on column election.date_start is 'First voting day.';
comment on column election.date_end is 'Last voting day.';
comment on column election.round is 'Round number (1 or 2 in two-round systems).';
comment on column election.status is 'confirmed, date-not-confirmed, postponed or held.';
comment on column election.watch_window_start is 'First day of the monitoring window.';
comment on column election.watch_window_end is 'Last day of the monitoring window.';
comment on column election.protecting_body_en is 'Public body protecting the vote from foreign interference, in English.';
comment on column election.protecting_body_fr is 'The same, in French.';
comment on column election.source is 'Official electoral body the dates come from.';

create table incident (
    incident_id         varchar primary key,
    title               varchar not null,
    summary             varchar,
    first_activity      date,
    last_activity       date,
    detected_at         timestamp not null,
    assessed_at         timestamp,
    notified_at         timestamp,
    published_at        timestamp,
    heading             varchar not null check (heading in ('DIP', 'MIE', 'HRF')),
    threat_type         varchar not null check (threat_type in ('voter_suppression', 'results_tampering', 'database_theft', 'election_system_intrusion', 'political_coercion', 'covert_funding', 'disinformation', 'account_hijacking', 'media_impersonation', 'journalist_intimidation', 'media_trust_undermining', 'transnational_repression', 'diaspora_surveillance', 'coercion_by_proxy')),
    tnr_vector          varchar check (tnr_vector in ('digital_threats', 'spyware', 'coercion_by_proxy', 'mobility_controls', 'co_opting_states', 'direct_attack')),
    attribution_status  varchar not null default 'unknown' check (attribution_status in ('public_attribution', 'shared_assessment', 'suspected', 'unknown')),
    likelihood          varchar check (likelihood in ('almost_no_chance', 'very_unlikely', 'unlikely', 'roughly_even_chance', 'likely', 'very_likely', 'almost_certain')),
    analytic_confidence varchar check (analytic_confidence in ('low', 'moderate', 'high')),
    source_reliability  varchar check (source_reliability in ('A', 'B', 'C', 'D', 'E', 'F')),
    info_credibility    varchar check (info_credibility in ('1', '2', '3', '4', '5', '6')),
    breakout_scale      integer check (breakout_scale between 1 and 6),
    reach_estimate      bigint check (reach_estimate >= 0),
    content_origin      varchar not null default 'uncertain' check (content_origin in ('human', 'ai', 'uncertain')),
    election_id         varchar,
    election_phase      varchar check (election_phase in ('pre_campaign', 'campaign', 'voting', 'post_election')),
    gender_dimension    varchar not null default 'none' check (gender_dimension in ('none', 'targets_women', 'gendered_narrative', 'targets_lgbtqi')),
    status              varchar not null default 'new' check (status in ('new', 'under_assessment', 'assessed', 'shared', 'closed')),
    latitude            double check (latitude between -90 and 90),
    longitude           double check (longitude between -180 and 180),
    place_name          varchar,
    stix_id             varchar unique,
    tlp                 varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap                 varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member   varchar not null,
    releasable_to       varchar[] not null default [],
    chatham_house       boolean not null default false,
    created_at          timestamp not null,
    updated_at          timestamp not null
);
comment on table incident is 'Incidents of foreign information manipulation and interference, election interference and transnational repression.';
comment on column incident.incident_id is 'Text id.';
comment on column incident.title is 'Short title.';
comment on column incident.summary is 'What happened, in a few sentences. Never names private persons.';
comment on column incident.first_activity is 'Date of the earliest activity seen.';
comment on column incident.last_activity is 'Date of the latest activity seen.';
comment on column incident.detected_at is 'When a member or the Coordination Unit detected it.';
comment on column incident.assessed_at is 'When the assessment was complete.';
comment on column incident.notified_at is 'When the network was notified.';
comment on column incident.published_at is 'When it was made public, if it was.';
comment on column incident.heading is 'DIP, MIE or HRF: the G7 heading (vocabulary heading).';
comment on column incident.threat_type is 'Vocabulary threat_type (each belongs to one heading).';
comment on column incident.tnr_vector is 'Transnational repression vector, for HRF incidents (vocabulary tnr_vector).';
comment on column incident.attribution_status is 'public_attribution, shared_assessment, suspected or unknown.';
comment on column incident.likelihood is 'ICD 203 estimative likelihood of the assessment.';
comment on column incident.analytic_confidence is 'low, moderate or high.';
comment on column incident.source_reliability is 'Admiralty scale A-F.';
comment on column incident.info_credibility is 'Admiralty scale 1-6.';
comment on column incident.breakout_scale is 'Breakout scale category 1-6.';
comment on column incident.reach_estimate is 'Estimated number of people reached.';
comment on column incident.content_origin is 'human, ai or uncertain.';
comment on column incident.election_id is 'Election whose watch window the incident falls in, if any.';
comment on column incident.election_phase is 'pre_campaign, campaign, voting or post_election.';
comment on column incident.gender_dimension is 'none, targets_women, gendered_narrative or targets_lgbtqi.';
comment on column incident.status is 'new, under_assessment, assessed, shared or closed.';
comment on column incident.latitude is 'Latitude of the incident''s location, where one is meaningful.';
comment on column incident.longitude is 'Longitude of the incident''s location.';
comment on column incident.place_name is 'Name of the place.';
comment on column incident.stix_id is 'STIX 2.1 id when imported from or exported to STIX.';

create table incident_country (
    incident_id   varchar not null,
    country_code  varchar not null,
    role          varchar not null check (role in ('targeted', 'origin', 'amplification')),
    primary key (incident_id, country_code, role)
);
comment on table incident_country is 'Countries an incident targets, originates from, or is amplified in.';
comment on column incident_country.incident_id is 'The incident.';
comment on column incident_country.country_code is 'Country or member code.';
comment on column incident_country.role is 'targeted, origin or amplification.';

create table incident_target (
    incident_id       varchar not null,
    target_category   varchar not null check (target_category in ('government_civilian', 'government_military', 'election_body', 'political_party', 'candidate_or_official', 'journalist_or_media', 'civil_society', 'diaspora_community', 'electorate', 'business')),
    gender            varchar not null default 'not_recorded' check (gender in ('women', 'men', 'mixed', 'not_recorded')),
    vulnerable_group  varchar not null default 'none' check (vulnerable_group in ('none', 'diaspora', 'ethnic_minority', 'religious_minority', 'lgbtqi', 'human_rights_defenders', 'indigenous_peoples', 'youth')),
    primary key (incident_id, target_category, gender, vulnerable_group)
);
comment on table incident_target is 'Who an incident targets, by category, gender and vulnerable group. Never names private persons.';
comment on column incident_target.incident_id is 'The incident.';
comment on column incident_target.target_category is 'Vocabulary target_category.';
comment on column incident_target.gender is 'women, men, mixed or not_recorded.';
comment on column incident_target.vulnerable_group is 'Vocabulary vulnerable_group.';

create table incident_technique (
    incident_id     varchar not null,
    disarm_id       varchar not null,
    disarm_version  varchar not null,
    primary key (incident_id, disarm_id)
);
comment on table incident_technique is 'DISARM techniques observed in an incident.';
comment on column incident_technique.incident_id is 'The incident.';
comment on column incident_technique.disarm_id is 'DISARM technique or sub-technique id.';
comment on column incident_technique.disarm_version is 'Framework version the tag was made against.';

create table incident_actor (
    incident_id  varchar not null,
    actor_id     varchar not null,
    role         varchar not null default 'perpetrator' check (role in ('perpetrator', 'amplifier')),
    primary key (incident_id, actor_id)
);
comment on table incident_actor is 'Actors behind or amplifying an incident.';
comment on column incident_actor.incident_id is 'The incident.';
comment on column incident_actor.actor_id is 'The actor.';
comment on column incident_actor.role is 'perpetrator or amplifier.';

create table incident_platform (
    incident_id  varchar not null,
    platform     varchar not null,
    channel_id   varchar,
    primary key (incident_id, platform)
);
comment on table incident_platform is 'Platforms an incident used, with the channel where known.';
comment on column incident_platform.incident_id is 'The incident.';
comment on column incident_platform.platform is 'Vocabulary platform.';
comment on column incident_platform.channel_id is 'Channel used on that platform, where known.';

create table incident_narrative (
    incident_id   varchar not null,
    narrative_id  varchar not null,
    primary key (incident_id, narrative_id)
);
comment on table incident_narrative is 'Narratives an incident pushed.';
comment on column incident_narrative.incident_id is 'The incident.';
comment on column incident_narrative.narrative_id is 'The narrative.';

create table incident_source (
    incident_id      varchar not null,
    url              varchar not null,
    archive_url      varchar,
    source_category  varchar not null check (source_category in ('government_report', 'platform_disclosure', 'research_report', 'media_report', 'social_media_post', 'claim_by_actor')),
    is_claim         boolean not null default false,
    published_on     date,
    primary key (incident_id, url)
);
comment on table incident_source is 'Sources documenting an incident.';
comment on column incident_source.incident_id is 'The incident.';
comment on column incident_source.url is 'Address of the source.';
comment on column incident_source.archive_url is 'Address of an archived copy.';
comment on column incident_source.source_category is 'Vocabulary source_category.';
comment on column incident_source.is_claim is 'True when the source is a claim to be treated as such, not evidence.';
comment on column incident_source.published_on is 'Publication date of the source.';
