-- The incident link tables without primary keys: keeping a key index up to date cost more than
-- the rest of a bulk import (a million incidents carry some seven million link rows). Each
-- table's rows stay unique on the columns its key had (named on each table below): the
-- writer (rrm_dash/ingest/write.py, LINK_KEYS) replaces an incident's link set wholesale and
-- removes repeated rows of a batch, and the integrity rule
-- rrm_dash/sql/integrity/link_rows_repeated.sql refuses any snapshot with a repeated row.
-- DuckDB cannot drop a constraint, so each table is made anew (same columns, defaults and
-- checks), filled from the old one, and its comments set again.

-- incident_country: unique on (incident_id, country_code, role), no key index.
create table incident_country_new (
    incident_id   varchar not null,
    country_code  varchar not null,
    role          varchar not null check (role in ('targeted', 'origin', 'amplification'))
);
insert into incident_country_new select * from incident_country;
drop table incident_country;
alter table incident_country_new rename to incident_country;
comment on table incident_country is 'Countries an incident targets, originates from, or is amplified in.';
comment on column incident_country.incident_id is 'The incident.';
comment on column incident_country.country_code is 'Country or member code.';
comment on column incident_country.role is 'targeted, origin or amplification.';

-- incident_target: unique on (incident_id, target_category, gender, vulnerable_group), no key index.
create table incident_target_new (
    incident_id       varchar not null,
    target_category   varchar not null check (target_category in ('government_civilian', 'government_military', 'election_body', 'political_party', 'candidate_or_official', 'journalist_or_media', 'civil_society', 'diaspora_community', 'electorate', 'business')),
    gender            varchar not null default 'not_recorded' check (gender in ('women', 'men', 'mixed', 'not_recorded')),
    vulnerable_group  varchar not null default 'none' check (vulnerable_group in ('none', 'diaspora', 'ethnic_minority', 'religious_minority', 'lgbtqi', 'human_rights_defenders', 'indigenous_peoples', 'youth'))
);
insert into incident_target_new select * from incident_target;
drop table incident_target;
alter table incident_target_new rename to incident_target;
comment on table incident_target is 'Who an incident targets, by category, gender and vulnerable group. Never names private persons.';
comment on column incident_target.incident_id is 'The incident.';
comment on column incident_target.target_category is 'Vocabulary target_category.';
comment on column incident_target.gender is 'women, men, mixed or not_recorded.';
comment on column incident_target.vulnerable_group is 'Vocabulary vulnerable_group.';

-- incident_technique: unique on (incident_id, disarm_id), no key index.
create table incident_technique_new (
    incident_id     varchar not null,
    disarm_id       varchar not null,
    disarm_version  varchar not null
);
insert into incident_technique_new select * from incident_technique;
drop table incident_technique;
alter table incident_technique_new rename to incident_technique;
comment on table incident_technique is 'DISARM techniques observed in an incident.';
comment on column incident_technique.incident_id is 'The incident.';
comment on column incident_technique.disarm_id is 'DISARM technique or sub-technique id.';
comment on column incident_technique.disarm_version is 'Framework version the tag was made against.';

-- incident_actor: unique on (incident_id, actor_id), no key index.
create table incident_actor_new (
    incident_id  varchar not null,
    actor_id     varchar not null,
    role         varchar not null default 'perpetrator' check (role in ('perpetrator', 'amplifier'))
);
insert into incident_actor_new select * from incident_actor;
drop table incident_actor;
alter table incident_actor_new rename to incident_actor;
comment on table incident_actor is 'Actors behind or amplifying an incident.';
comment on column incident_actor.incident_id is 'The incident.';
comment on column incident_actor.actor_id is 'The actor.';
comment on column incident_actor.role is 'perpetrator or amplifier.';

-- incident_platform: unique on (incident_id, platform), no key index.
create table incident_platform_new (
    incident_id  varchar not null,
    platform     varchar not null,
    channel_id   varchar
);
insert into incident_platform_new select * from incident_platform;
drop table incident_platform;
alter table incident_platform_new rename to incident_platform;
comment on table incident_platform is 'Platforms an incident used, with the channel where known.';
comment on column incident_platform.incident_id is 'The incident.';
comment on column incident_platform.platform is 'Vocabulary platform.';
comment on column incident_platform.channel_id is 'Channel used on that platform, where known.';

-- incident_narrative: unique on (incident_id, narrative_id), no key index.
create table incident_narrative_new (
    incident_id   varchar not null,
    narrative_id  varchar not null
);
insert into incident_narrative_new select * from incident_narrative;
drop table incident_narrative;
alter table incident_narrative_new rename to incident_narrative;
comment on table incident_narrative is 'Narratives an incident pushed.';
comment on column incident_narrative.incident_id is 'The incident.';
comment on column incident_narrative.narrative_id is 'The narrative.';

-- incident_source: unique on (incident_id, url), no key index.
create table incident_source_new (
    incident_id      varchar not null,
    url              varchar not null,
    archive_url      varchar,
    source_category  varchar not null check (source_category in ('government_report', 'platform_disclosure', 'research_report', 'media_report', 'social_media_post', 'claim_by_actor')),
    is_claim         boolean not null default false,
    published_on     date
);
insert into incident_source_new select * from incident_source;
drop table incident_source;
alter table incident_source_new rename to incident_source;
comment on table incident_source is 'Sources documenting an incident.';
comment on column incident_source.incident_id is 'The incident.';
comment on column incident_source.url is 'Address of the source.';
comment on column incident_source.archive_url is 'Address of an archived copy.';
comment on column incident_source.source_category is 'Vocabulary source_category.';
comment on column incident_source.is_claim is 'True when the source is a claim to be treated as such, not evidence.';
comment on column incident_source.published_on is 'Publication date of the source.';
