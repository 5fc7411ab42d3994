-- Import history: one row per file imported, written in the same snapshot as the file's data.
create table import_history (
    import_id      varchar primary key,
    imported_at    timestamp not null,
    username       varchar not null,
    role           varchar not null,
    member_code    varchar,
    file_name      varchar not null,
    file_sha256    varchar not null check (regexp_full_match(file_sha256, '[0-9a-f]{64}')),
    source_format  varchar not null check (source_format in ('csv', 'stix', 'disarm')),
    added          integer not null,
    updated        integer not null,
    unchanged      integer not null,
    skipped        integer not null,
    rejected       integer not null,
    kept_out       integer not null,
    detail         varchar
);
comment on table import_history is 'Every file imported into the warehouse: who, when, which file (name and SHA-256) and what it changed. Written in the same snapshot as the data, so a snapshot always says where its data came from.';
comment on column import_history.import_id is 'Random id of the import.';
comment on column import_history.imported_at is 'Time the import was published, UTC.';
comment on column import_history.username is 'User who imported the file (the operating-system user for the command line).';
comment on column import_history.role is 'Role of that user (admin or analyst).';
comment on column import_history.member_code is 'Member code of that user, if any.';
comment on column import_history.file_name is 'Name of the imported file as given.';
comment on column import_history.file_sha256 is 'SHA-256 of the file''s bytes, lower-case hex.';
comment on column import_history.source_format is 'csv (incident template), stix (STIX 2.1 bundle) or disarm (DISARM framework bundle).';
comment on column import_history.added is 'Rows added (incidents, actors, techniques...).';
comment on column import_history.updated is 'Stored rows the file changed.';
comment on column import_history.unchanged is 'Rows the file holds exactly as stored.';
comment on column import_history.skipped is 'Rows or objects left out: invalid ones under --skip-invalid, and copies older than the stored one.';
comment on column import_history.rejected is 'Rows or objects with a problem.';
comment on column import_history.kept_out is 'Objects of kinds the warehouse does not hold (e.g. STIX notes), counted.';
comment on column import_history.detail is 'JSON: the counts by table, what was skipped and why, and notes such as retired DISARM ids.';
