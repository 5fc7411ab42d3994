-- What kind of warehouse this is: demo or real, and who built it when.
create table meta (
    key   varchar primary key,
    value varchar not null
);
comment on table meta is 'Facts about this warehouse snapshot: dataset_kind (synthetic-demo or operational); for demo data also generator, seed, incidents and built_for (the last day of the data).';
comment on column meta.key is 'Name of the fact, e.g. dataset_kind.';
comment on column meta.value is 'Its value, as text.';
