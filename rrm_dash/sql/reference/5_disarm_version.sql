-- The DISARM version the technique table describes (replaced by a DISARM bundle import).
insert or replace into meta (key, value) values ('disarm_version', getvariable('disarm_version'));
