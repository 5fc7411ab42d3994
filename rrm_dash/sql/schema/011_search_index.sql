-- What the Incidents explorer's free-text search reads: each incident's title and summary with a
-- 512-bit trigram signature, stored in detection order so that the filter bar's period skips
-- whole row groups. Derived: rebuilt from incident in every snapshot by
-- rrm_dash/warehouse/search_index.py (importers never write it).
create table incident_search (
    incident_id       varchar not null,
    detected_at       timestamp not null,
    updated_at        timestamp not null,
    tlp               varchar not null,
    originator_member varchar not null,
    releasable_to     varchar[] not null,
    title             varchar not null,
    summary           varchar,
    trigrams_0        ubigint not null,
    trigrams_1        ubigint not null,
    trigrams_2        ubigint not null,
    trigrams_3        ubigint not null,
    trigrams_4        ubigint not null,
    trigrams_5        ubigint not null,
    trigrams_6        ubigint not null,
    trigrams_7        ubigint not null
);
comment on table incident_search is 'Derived, never imported: each incident''s title and summary with a trigram signature that narrows a free-text search before the text is compared (rebuilt from incident in every snapshot, in detection order).';
comment on column incident_search.incident_id is 'The incident.';
comment on column incident_search.detected_at is 'As on incident; rows are stored in this order.';
comment on column incident_search.updated_at is 'As on incident: a row whose stamp differs from its incident''s is rebuilt.';
comment on column incident_search.tlp is 'As on incident (the row is visible exactly when its incident is).';
comment on column incident_search.originator_member is 'As on incident.';
comment on column incident_search.releasable_to is 'As on incident.';
comment on column incident_search.title is 'As on incident.';
comment on column incident_search.summary is 'As on incident.';
comment on column incident_search.trigrams_0 is 'Bits 0-63 of the signature: bit h is set when a trigram of the lower-cased title or summary (three UTF-8 bytes b0 b1 b2) hashes to h = ((b0*65536 + b1*256 + b2) * 2654435761 mod 2^32) >> 23.';
comment on column incident_search.trigrams_1 is 'Bits 64-127 of the signature.';
comment on column incident_search.trigrams_2 is 'Bits 128-191 of the signature.';
comment on column incident_search.trigrams_3 is 'Bits 192-255 of the signature.';
comment on column incident_search.trigrams_4 is 'Bits 256-319 of the signature.';
comment on column incident_search.trigrams_5 is 'Bits 320-383 of the signature.';
comment on column incident_search.trigrams_6 is 'Bits 384-447 of the signature.';
comment on column incident_search.trigrams_7 is 'Bits 448-511 of the signature.';
