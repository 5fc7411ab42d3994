-- Reference tables: the network's members, countries, and the DISARM framework.
create table member (
    member_code         varchar primary key,
    name_en             varchar not null,
    name_fr             varchar not null,
    status              varchar not null check (status in ('member', 'observer', 'secretariat')),
    focal_point_status  varchar not null check (focal_point_status in ('permanent', 'temporary', 'vacant')),
    lead_department_en  varchar,
    lead_department_fr  varchar,
    joined_on           date
);
comment on table member is 'The focal points of the G7 Rapid Response Mechanism: the eight members, the observers, and the Coordination Unit (code CU).';
comment on column member.member_code is 'Two-letter code (ISO 3166 alpha-2 for states, EU, NATO, CU for the Coordination Unit).';
comment on column member.name_en is 'Name in English.';
comment on column member.name_fr is 'Name in French.';
comment on column member.status is 'member, observer or secretariat (vocabulary member_status).';
comment on column member.focal_point_status is 'permanent (resourced), temporary or vacant (vocabulary focal_point_status).';
comment on column member.lead_department_en is 'Department that hosts the focal point, in English.';
comment on column member.lead_department_fr is 'Department that hosts the focal point, in French.';
comment on column member.joined_on is 'Date the member or observer joined the network.';

create table country (
    country_code  varchar primary key,
    iso3          varchar,
    name_en       varchar not null,
    name_fr       varchar not null,
    is_fictional  boolean not null default false,
    latitude      double,
    longitude     double
);
comment on table country is 'Countries and groupings that incidents target, originate from or are amplified in. Codes XA-XZ are user-assigned ISO codes for fictional states in synthetic demo data.';
comment on column country.country_code is 'ISO 3166 alpha-2 code (EU for the European Union; XA-XZ fictional).';
comment on column country.iso3 is 'ISO 3166 alpha-3 code, where there is one.';
comment on column country.name_en is 'Name in English.';
comment on column country.name_fr is 'Name in French.';
comment on column country.is_fictional is 'True for the fictional states of synthetic demo data.';
comment on column country.latitude is 'Latitude of a representative point (for maps), WGS 84.';
comment on column country.longitude is 'Longitude of a representative point (for maps), WGS 84.';

create table disarm_phase (
    phase_id  varchar primary key,
    name      varchar not null,
    rank      integer not null
);
comment on table disarm_phase is 'DISARM Red framework phases (Plan, Prepare, Execute, Assess).';
comment on column disarm_phase.phase_id is 'DISARM phase id, e.g. P01.';
comment on column disarm_phase.name is 'Phase name (DISARM Foundation, CC BY-SA 4.0).';
comment on column disarm_phase.rank is 'Display order.';

create table disarm_tactic (
    tactic_id  varchar primary key,
    name       varchar not null,
    phase_id   varchar not null,
    rank       integer not null
);
comment on table disarm_tactic is 'DISARM Red framework tactics (TA01, TA02, TA05-TA18).';
comment on column disarm_tactic.tactic_id is 'DISARM tactic id, e.g. TA06.';
comment on column disarm_tactic.name is 'Tactic name.';
comment on column disarm_tactic.phase_id is 'Phase the tactic belongs to.';
comment on column disarm_tactic.rank is 'Display order in the framework matrix (not id order).';

create table disarm_technique (
    disarm_id    varchar primary key check (regexp_full_match(disarm_id, 'T\d{4}(\.\d{3})?')),
    name         varchar not null,
    tactic_id    varchar not null,
    parent_id    varchar,
    description  varchar,
    retired      boolean not null default false
);
comment on table disarm_technique is 'DISARM Red framework techniques and sub-techniques.';
comment on column disarm_technique.disarm_id is 'Technique id T0000 or sub-technique id T0000.000.';
comment on column disarm_technique.name is 'Technique name.';
comment on column disarm_technique.tactic_id is 'Tactic the technique serves.';
comment on column disarm_technique.parent_id is 'For a sub-technique, its technique; null for a technique.';
comment on column disarm_technique.description is 'Long description, only when loaded from an official DISARM file supplied by the user.';
comment on column disarm_technique.retired is 'True when a later framework version retired this id (kept so tagged incidents are never dropped).';

create table disarm_counter (
    counter_id        varchar primary key,
    name              varchar not null,
    tactic_id         varchar,
    response_type_id  varchar,
    metatechnique_id  varchar
);
comment on table disarm_counter is 'DISARM Blue framework countermeasures.';
comment on column disarm_counter.counter_id is 'Countermeasure id, e.g. C00006.';
comment on column disarm_counter.name is 'Countermeasure short name.';
comment on column disarm_counter.tactic_id is 'Tactic the countermeasure acts on.';
comment on column disarm_counter.response_type_id is 'DISARM response type (D01-D07).';
comment on column disarm_counter.metatechnique_id is 'DISARM metatechnique (M001-M014).';

create table disarm_response_type (
    response_type_id  varchar primary key,
    name              varchar not null
);
comment on table disarm_response_type is 'DISARM response types (Detect, Deny, Disrupt, Degrade, Deceive, Destroy, Deter).';
comment on column disarm_response_type.response_type_id is 'Response type id, e.g. D01.';
comment on column disarm_response_type.name is 'Response type name.';
