-- Append-only record of who saw, downloaded or imported what.
create table access_log (
    logged_at    timestamp not null,
    username     varchar not null,
    role         varchar not null,
    member_code  varchar,
    action       varchar not null check (action in ('sign_in', 'sign_in_failed', 'sign_out', 'page_view', 'detail_view', 'download', 'import')),
    object_type  varchar,
    object_id    varchar,
    detail       varchar
);
comment on table access_log is 'Audit log: sign-ins, page and detail views, downloads and imports. Append-only.';
comment on column access_log.logged_at is 'When (UTC).';
comment on column access_log.username is 'Who.';
comment on column access_log.role is 'Their role at the time.';
comment on column access_log.member_code is 'Their member code, if any.';
comment on column access_log.action is 'Vocabulary access_action.';
comment on column access_log.object_type is 'Kind of object (page, incident, export...).';
comment on column access_log.object_id is 'Id of the object.';
comment on column access_log.detail is 'Free detail (filters, file name, counts).';
