-- Members, observers and the Coordination Unit from data/reference/member.csv.
-- Focal-point status starts permanent; the Coordination Unit records changes.
delete from member;
insert into member
select member_code, name_en, name_fr, status, 'permanent',
       nullif(lead_department_en, ''), nullif(lead_department_fr, ''), try_cast(joined_on as date)
from read_csv(getvariable('reference_dir') || '/member.csv', header = true, all_varchar = true);
