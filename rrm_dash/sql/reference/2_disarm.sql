-- The DISARM framework facts from data/reference/disarm_*.csv.
delete from disarm_phase;
insert into disarm_phase (phase_id, name, rank)
select * from read_csv(getvariable('reference_dir') || '/disarm_phase.csv', header = true, all_varchar = true);
delete from disarm_tactic;
insert into disarm_tactic (tactic_id, name, phase_id, rank)
select * from read_csv(getvariable('reference_dir') || '/disarm_tactic.csv', header = true, all_varchar = true);
delete from disarm_technique;
insert into disarm_technique (disarm_id, name, tactic_id, parent_id)
select * from read_csv(getvariable('reference_dir') || '/disarm_technique.csv', header = true, all_varchar = true);
delete from disarm_counter;
insert into disarm_counter (counter_id, name, tactic_id, response_type_id, metatechnique_id)
select * from read_csv(getvariable('reference_dir') || '/disarm_counter.csv', header = true, all_varchar = true);
delete from disarm_response_type;
insert into disarm_response_type (response_type_id, name)
select * from read_csv(getvariable('reference_dir') || '/disarm_response_type.csv', header = true, all_varchar = true);
