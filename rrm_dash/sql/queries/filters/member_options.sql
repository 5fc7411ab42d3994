-- Members and observers a user can filter on, members first, with their names.
select member_code as code, name_en as label_en, name_fr as label_fr
from member
where status <> 'secretariat'
order by case status when 'member' then 0 else 1 end, member_code
