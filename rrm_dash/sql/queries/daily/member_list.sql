-- Every member, observer and the Coordination Unit, with their names and status.
select member_code, name_en, name_fr, status
from member
order by member_code
