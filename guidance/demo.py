"""The guidance part of the demo data set (seed_demo): three documents with a realistic history.

Every version goes through the workflow services, so the demo holds nothing real data could not:
one demo guidance editor writes each version and a second approves it (the two-person rule).
Pilots, feedback, adoptions and the glossary are written as rows because no service writes them yet;
feedback is triaged through the triage service. Safe to run repeatedly: everything is looked up by
its natural key first, and a version that already exists is left alone (published ones never change).
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from guidance.models import (
    Adoption,
    ChangeType,
    GlossaryTerm,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    Pilot,
    PilotFeedback,
    PilotStatus,
    Topic,
    TriageStatus,
    VersionStatus,
)
from guidance.services import feedback as feedback_service
from guidance.services import subscriptions as subscription_service
from guidance.services import workflow
from guidance.services.rendering import forget_glossary
from participation.models import Activity, Organisation, Project, User
from participation.services.audit import record_audit

WRITER = "guidance@example.org"  # Rhiannon Evans writes every version ...
APPROVER = "reviewer@example.org"  # ... and Tom Okafor approves and publishes it.
SITE_ADMIN = "admin@example.org"
# The approved version waiting to go live is scheduled this far ahead of the day the demo is seeded.
SCHEDULED_AHEAD = timedelta(days=21)
MAJOR, MINOR = ChangeType.MAJOR, ChangeType.MINOR
PUBLISHED, APPROVED, IN_REVIEW = VersionStatus.PUBLISHED, VersionStatus.APPROVED, VersionStatus.IN_REVIEW
NEW, ACCEPTED, DECLINED, DEFERRED = (
    TriageStatus.NEW,
    TriageStatus.ACCEPTED,
    TriageStatus.DECLINED,
    TriageStatus.DEFERRED,
)

GLOSSARY = [
    # slug, English term, Welsh term, English definition, Welsh definition
    ("affected-communities", "affected communities", "cymunedau yr effeithir arnynt",
     "The people whose lives a system, statistic or data share changes, including people who are often left out, "
     "such as disabled people and people with limited English or Welsh.",
     "Y bobl y mae system, ystadegyn neu gyfran o ddata yn newid eu bywydau, gan gynnwys pobl sy'n aml yn cael eu "
     "gadael allan, fel pobl anabl a phobl sydd â Saesneg neu Gymraeg cyfyngedig."),
    ("code-of-practice-for-statistics", "Code of Practice for Statistics", "Cod Ymarfer ar gyfer Ystadegau",
     "The standards that producers of official statistics must meet, set by the UK Statistics Authority and "
     "regulated by the Office for Statistics Regulation.",
     "Y safonau y mae'n rhaid i gynhyrchwyr ystadegau swyddogol eu bodloni, a osodir gan Awdurdod Ystadegau'r DU ac "
     "a reoleiddir gan y Swyddfa Rheoleiddio Ystadegau."),
    ("data-sharing-agreement", "data sharing agreement", "cytundeb rhannu data",
     "A written agreement between organisations that says what data is shared, why, on what legal basis, with "
     "which safeguards, and for how long.",
     "Cytundeb ysgrifenedig rhwng sefydliadau sy'n nodi pa ddata a rennir, pam, ar ba sail gyfreithiol, gyda pha "
     "fesurau diogelu, ac am ba hyd."),
    ("deliberative", "deliberative", "cydgynghorol",
     "A way of involving people in which they hear evidence, question experts and discuss trade-offs over time "
     "before reaching a view together, as in a citizens' jury or a deliberative workshop.",
     "Ffordd o gynnwys pobl lle maent yn clywed tystiolaeth, yn holi arbenigwyr ac yn trafod cyfaddawdau dros "
     "amser cyn dod i farn gyda'i gilydd, fel mewn rheithgor dinasyddion neu weithdy cydgynghorol."),
    ("evaluation-criteria", "evaluation criteria", "meini prawf gwerthuso",
     "The published measures a contracting authority uses to score bids in a procurement, with their weightings.",
     "Y mesurau cyhoeddedig y mae awdurdod contractio yn eu defnyddio i sgorio cynigion mewn caffael, gyda'u "
     "pwysoliadau."),
    ("lived-experience", "lived experience", "profiad bywyd",
     "Knowledge that comes from having been directly affected by something, such as using a service, being "
     "the subject of a decision or living in a community a policy targets.",
     "Gwybodaeth sy'n dod o fod wedi cael eich effeithio'n uniongyrchol gan rywbeth, fel defnyddio gwasanaeth, bod "
     "yn destun penderfyniad neu fyw mewn cymuned y mae polisi yn ei thargedu."),
    ("national-data-library", "National Data Library", "Llyfrgell Ddata Genedlaethol",
     "The UK government's service for making public sector data available, safely and securely, to approved "
     "researchers and public services.",
     "Gwasanaeth llywodraeth y DU ar gyfer sicrhau bod data'r sector cyhoeddus ar gael, yn ddiogel, i ymchwilwyr "
     "a gwasanaethau cyhoeddus cymeradwy."),
    ("official-statistics", "official statistics", "ystadegau swyddogol",
     "Statistics produced by government departments and other public bodies under the Statistics and "
     "Registration Service Act 2007, which must follow the Code of Practice for Statistics.",
     "Ystadegau a gynhyrchir gan adrannau'r llywodraeth a chyrff cyhoeddus eraill o dan Ddeddf Ystadegau a'r "
     "Gwasanaeth Cofrestru 2007, y mae'n rhaid iddynt ddilyn y Cod Ymarfer ar gyfer Ystadegau."),
    ("participation-level", "participation level", "lefel cyfranogiad",
     "How much influence people are offered: inform, consult, involve, collaborate or empower. Say which level "
     "you promise, and report the level you achieved.",
     "Faint o ddylanwad a gynigir i bobl: hysbysu, ymgynghori, cynnwys, cydweithio neu rymuso. Dywedwch pa lefel "
     "rydych yn ei haddo, ac adroddwch y lefel a gyflawnwyd."),
    ("procurement", "procurement", "caffael",
     "The process a public body follows to buy goods, services or works, from planning and market engagement "
     "to contract award and management.",
     "Y broses y mae corff cyhoeddus yn ei dilyn i brynu nwyddau, gwasanaethau neu waith, o gynllunio ac "
     "ymgysylltu â'r farchnad i ddyfarnu a rheoli contractau."),
    ("public-panel", "public panel", "panel cyhoeddus",
     "A group of members of the public, usually recruited to reflect the population, who meet several times "
     "over months to advise on a topic.",
     "Grŵp o aelodau'r cyhoedd, a recriwtir fel arfer i adlewyrchu'r boblogaeth, sy'n cyfarfod sawl gwaith dros "
     "fisoedd i roi cyngor ar bwnc."),
    ("trade-union-representative", "trade union representative", "cynrychiolydd undeb llafur",
     "A person elected by members of a recognised trade union to represent them at work, including in "
     "consultation on new technology.",
     "Person a etholir gan aelodau undeb llafur cydnabyddedig i'w cynrychioli yn y gwaith, gan gynnwys wrth "
     "ymgynghori ar dechnoleg newydd."),
    ("trusted-research-environment", "trusted research environment", "amgylchedd ymchwil dibynadwy",
     "A secure computing environment where approved researchers analyse data without being able to copy it out.",
     "Amgylchedd cyfrifiadurol diogel lle mae ymchwilwyr cymeradwy yn dadansoddi data heb allu ei gopïo allan."),
]  # fmt: skip


def _section(anchor, heading_en, body_en, heading_cy="", body_cy=""):
    return {"anchor": anchor, "heading_en": heading_en, "heading_cy": heading_cy, "body_en": body_en,
            "body_cy": body_cy}  # fmt: skip


# (a) Procurement of data and AI systems: Welsh Government with TUC Cymru, DSIT and Connected by Data.
PROCUREMENT_SECTIONS = [
    _section(
        "why-involve-the-public",
        "Why involve the public",
        "Data and AI systems bought by the public sector make or shape decisions about people's lives: who gets "
        "a service, which case is checked first, what a call handler is told to do.\n\n"
        "Involving the public in **procurement** helps you:\n\n"
        "- find out early how a system could harm or exclude people\n"
        "- write requirements that reflect what matters to the people affected\n"
        "- build trust that the system is used fairly\n"
        "- meet your duties under the Well-being of Future Generations (Wales) Act 2015, where they apply\n\n"
        "Public participation does not replace legal, ethical or security checks. It adds the knowledge of the "
        "people who live with the results.",
        "Pam cynnwys y cyhoedd",
        "Mae systemau data ac AI a brynir gan y sector cyhoeddus yn gwneud neu'n llywio penderfyniadau am fywydau "
        "pobl: pwy sy'n cael gwasanaeth, pa achos sy'n cael ei wirio gyntaf, beth y dywedir wrth y sawl sy'n ateb "
        "galwadau am ei wneud.\n\n"
        "Mae cynnwys y cyhoedd mewn **caffael** yn eich helpu i:\n\n"
        "- darganfod yn gynnar sut y gallai system niweidio neu eithrio pobl\n"
        "- ysgrifennu gofynion sy'n adlewyrchu'r hyn sy'n bwysig i'r bobl yr effeithir arnynt\n"
        "- meithrin ymddiriedaeth bod y system yn cael ei defnyddio'n deg\n"
        "- cyflawni eich dyletswyddau o dan Ddeddf Llesiant Cenedlaethau'r Dyfodol (Cymru) 2015, lle maent yn "
        "berthnasol\n\n"
        "Nid yw cyfranogiad y cyhoedd yn cymryd lle gwiriadau cyfreithiol, moesegol na diogelwch. Mae'n ychwanegu "
        "gwybodaeth y bobl sy'n byw gyda'r canlyniadau.",
    ),
    _section(
        "plan-participation-before-you-write-the-specification",
        "Plan participation before you write the specification",
        "The earlier people are involved, the more they can change. Once a specification is published, most "
        "decisions are fixed.\n\n"
        "Before market engagement starts:\n\n"
        "1. List the decisions that are still open, such as the problem the system should solve, the evaluation "
        "criteria and the safeguards you will require.\n"
        "2. List the decisions that are fixed, and say why.\n"
        "3. Choose a **participation level** you can honour: inform, consult, involve or collaborate.\n"
        "4. Identify the affected communities, including people who are often left out.\n"
        "5. Set aside budget and time for participation in the procurement plan.",
        "Cynllunio cyfranogiad cyn ysgrifennu'r fanyleb",
        "Po gynharaf y caiff pobl eu cynnwys, y mwyaf y gallant ei newid. Ar ôl cyhoeddi manyleb, mae'r rhan fwyaf "
        "o benderfyniadau wedi'u pennu.\n\n"
        "Cyn i'r ymgysylltu â'r farchnad ddechrau:\n\n"
        "1. Rhestrwch y penderfyniadau sy'n dal yn agored, fel y broblem y dylai'r system ei datrys, y meini prawf "
        "gwerthuso a'r mesurau diogelu y byddwch yn eu mynnu.\n"
        "2. Rhestrwch y penderfyniadau sydd wedi'u pennu, a dywedwch pam.\n"
        "3. Dewiswch **lefel cyfranogiad** y gallwch ei hanrhydeddu: hysbysu, ymgynghori, cynnwys neu gydweithio.\n"
        "4. Nodwch y cymunedau yr effeithir arnynt, gan gynnwys pobl sy'n aml yn cael eu gadael allan.\n"
        "5. Neilltuwch gyllideb ac amser ar gyfer cyfranogiad yn y cynllun caffael.",
    ),
    _section(
        "involve-workers-and-their-trade-unions",
        "Involve workers and their trade unions",
        "Staff who will use the system, or be managed by it, know how the work is really done. Involve them as "
        "well as the public.\n\n"
        "- Invite a **trade union representative** to help shape the requirements, not only to comment on them.\n"
        "- Agree with recognised unions how staff views will be gathered and reported.\n"
        "- Ask how the system will change workload, monitoring and professional judgement.",
        "Cynnwys gweithwyr a'u hundebau llafur",
        "Mae staff a fydd yn defnyddio'r system, neu'n cael eu rheoli ganddi, yn gwybod sut mae'r gwaith yn cael ei "
        "wneud mewn gwirionedd. Dylech eu cynnwys nhw yn ogystal â'r cyhoedd.\n\n"
        "- Gwahoddwch **gynrychiolydd undeb llafur** i helpu i lunio'r gofynion, nid dim ond i wneud sylwadau "
        "arnynt.\n"
        "- Cytunwch ag undebau cydnabyddedig sut y caiff barn staff ei chasglu a'i hadrodd.\n"
        "- Gofynnwch sut y bydd y system yn newid llwyth gwaith, monitro a barn broffesiynol.",
    ),
    _section(
        "turn-what-people-said-into-evaluation-criteria",
        "Turn what people said into evaluation criteria",
        "Participation only changes a procurement if it changes what bidders are scored on.\n\n"
        "- Write each finding as a requirement or as one of your **evaluation criteria**.\n"
        "- Give these criteria a real weighting in the quality score.\n"
        "- Ask participants to check that the criteria say what they meant.\n"
        "- Record which findings you could not turn into criteria, and why.",
        "Troi'r hyn a ddywedodd pobl yn feini prawf gwerthuso",
        "Dim ond os yw'n newid yr hyn y caiff cynigwyr eu sgorio arno y mae cyfranogiad yn newid caffael.\n\n"
        "- Ysgrifennwch bob canfyddiad fel gofyniad neu fel un o'ch **meini prawf gwerthuso**.\n"
        "- Rhowch bwysoliad go iawn i'r meini prawf hyn yn y sgôr ansawdd.\n"
        "- Gofynnwch i gyfranogwyr wirio bod y meini prawf yn dweud yr hyn roedden nhw'n ei olygu.\n"
        "- Cofnodwch pa ganfyddiadau na allech eu troi'n feini prawf, a pham.",
    ),
    _section(
        "keep-the-public-involved-after-the-contract-is-signed",
        "Keep the public involved after the contract is signed",
        "Participation does not end at contract award.\n\n"
        "- Write public and worker involvement into the contract: testing with affected people before go-live, "
        "and reviews once the system is in use.\n"
        "- Publish what you heard and what you did about it.\n"
        "- Tell participants what happened, in the language they took part in.",
    ),
]

PROCUREMENT_SHORT_TIMETABLE = _section(
    "if-your-procurement-timetable-is-short",
    "If your procurement timetable is short",
    "A full **deliberative** process does not fit every tender. If you have weeks rather than months:\n\n"
    "- reuse what people have already said: search the engagement log for similar systems\n"
    "- run a small panel of 8 to 12 people with **lived experience** of the service to test your draft "
    "evaluation criteria\n"
    "- ask recognised trade unions for a written view before the tender is published\n"
    "- say plainly in the tender documents what participation you could and could not do, and plan more "
    "for the contract's first review",
    "Os yw amserlen eich caffael yn fyr",
    "Nid yw proses **gydgynghorol** lawn yn addas i bob tendr. Os oes gennych wythnosau yn hytrach na misoedd:\n\n"
    "- ailddefnyddiwch yr hyn y mae pobl eisoes wedi'i ddweud: chwiliwch y log ymgysylltu am systemau tebyg\n"
    "- cynhaliwch banel bach o 8 i 12 o bobl sydd â **phrofiad bywyd** o'r gwasanaeth i brofi eich meini prawf "
    "gwerthuso drafft\n"
    "- gofynnwch i undebau llafur cydnabyddedig am farn ysgrifenedig cyn cyhoeddi'r tendr\n"
    "- dywedwch yn glir yn nogfennau'r tendr pa gyfranogiad y gallech ac na allech ei wneud, a chynlluniwch fwy "
    "ar gyfer adolygiad cyntaf y contract",
)

# (b) Developing official statistics: the Office for Statistics Regulation with the ONS.
STATISTICS_SECTIONS = [
    _section(
        "who-this-guidance-is-for",
        "Who this guidance is for",
        "This guidance is for anyone who produces **official statistics**, including statisticians in UK "
        "government departments, the devolved governments and arm's length bodies. Use it when you:\n\n"
        "- develop a new statistic\n"
        "- change how an existing statistic is measured or published\n"
        "- stop producing a statistic\n\n"
        "It supports the user engagement the **Code of Practice for Statistics** expects.",
        "Ar gyfer pwy mae'r canllawiau hyn",
        "Mae'r canllawiau hyn ar gyfer unrhyw un sy'n cynhyrchu **ystadegau swyddogol**, gan gynnwys ystadegwyr "
        "yn adrannau llywodraeth y DU, y llywodraethau datganoledig a chyrff hyd braich. Defnyddiwch nhw pan "
        "fyddwch yn:\n\n"
        "- datblygu ystadegyn newydd\n"
        "- newid sut mae ystadegyn sy'n bodoli eisoes yn cael ei fesur neu ei gyhoeddi\n"
        "- rhoi'r gorau i gynhyrchu ystadegyn\n\n"
        "Maent yn cefnogi'r ymgysylltu â defnyddwyr y mae'r **Cod Ymarfer ar gyfer Ystadegau** yn ei ddisgwyl.",
    ),
    _section(
        "decide-what-people-can-influence",
        "Decide what people can influence",
        "Be clear from the start about what is open to change. It might be:\n\n"
        "- what the statistic measures, and the definitions it uses\n"
        "- how often it is published, and at what level of detail\n"
        "- how results are presented and explained\n\n"
        "Some things are fixed, such as methods needed for international comparison. Say so, and say why.",
        "Penderfynu beth y gall pobl ddylanwadu arno",
        "Byddwch yn glir o'r dechrau am yr hyn sy'n agored i newid. Gallai fod yn:\n\n"
        "- yr hyn y mae'r ystadegyn yn ei fesur, a'r diffiniadau y mae'n eu defnyddio\n"
        "- pa mor aml y caiff ei gyhoeddi, ac ar ba lefel o fanylder\n"
        "- sut mae'r canlyniadau'n cael eu cyflwyno a'u hesbonio\n\n"
        "Mae rhai pethau wedi'u pennu, fel dulliau sydd eu hangen ar gyfer cymharu rhyngwladol. Dywedwch hynny, a "
        "dywedwch pam.",
    ),
    _section(
        "choose-a-method",
        "Choose a method",
        "Match the method to the decision you need to make:\n\n"
        "- a survey or consultation, to hear from many users about their priorities\n"
        "- a **public panel**, for repeated conversations over several months\n"
        "- a **deliberative** workshop, when people need time to weigh up trade-offs such as privacy against "
        "detail\n"
        "- user research, to test whether people understand your tables and charts\n\n"
        "Record the **participation level** you are aiming for, and report the level you reached.",
    ),
    _section(
        "involve-people-with-lived-experience",
        "Involve people with lived experience",
        "Statistics about crime, poverty, health or online harms describe people's lives. People with **lived "
        "experience** can tell you whether your questions make sense and what the numbers miss.\n\n"
        "- Pay people for their time.\n"
        "- Offer support when the topic may be distressing.\n"
        "- Protect anonymity: in a small group, people can be identified from what they say.",
    ),
    _section(
        "report-back-on-what-changed",
        "Report back on what changed",
        "Publish what you heard and what you did about it:\n\n"
        "- in the statistical release or its background notes\n"
        "- on the engagement log, so others can learn from it\n"
        "- directly to participants who asked to hear\n\n"
        "If you could not act on something people told you, explain why.",
        "Adrodd yn ôl ar yr hyn a newidiodd",
        "Cyhoeddwch yr hyn a glywsoch a'r hyn a wnaethoch yn ei gylch:\n\n"
        "- yn y datganiad ystadegol neu ei nodiadau cefndir\n"
        "- ar y log ymgysylltu, fel y gall eraill ddysgu ohono\n"
        "- yn uniongyrchol i gyfranogwyr a ofynnodd am gael gwybod\n\n"
        "Os na allech weithredu ar rywbeth a ddywedodd pobl wrthych, esboniwch pam.",
    ),
]

STATISTICS_SMALL_NUMBERS = _section(
    "report-back-without-identifying-anyone",
    "Report back without identifying anyone",
    "When only a few people from a group took part, reporting their views separately can identify them.\n\n"
    "- Do not quote or summarise the views of a group of fewer than 10 people on its own.\n"
    "- Combine small groups with others, and say that you did.\n"
    "- Check with participants before publishing anything that could be traced back to them.\n\n"
    "This is about reporting what participants said. Your own disclosure control rules still apply to the "
    "statistics themselves.",
    "Adrodd yn ôl heb adnabod neb",
    "Pan mai dim ond ychydig o bobl o grŵp a gymerodd ran, gall adrodd eu barn ar wahân eu hadnabod.\n\n"
    "- Peidiwch â dyfynnu na chrynhoi barn grŵp o lai na 10 o bobl ar ei ben ei hun.\n"
    "- Cyfunwch grwpiau bach ag eraill, a dywedwch eich bod wedi gwneud hynny.\n"
    "- Holwch gyfranogwyr cyn cyhoeddi unrhyw beth y gellid ei olrhain yn ôl atynt.\n\n"
    "Mae hyn yn ymwneud ag adrodd yr hyn a ddywedodd cyfranogwyr. Mae eich rheolau rheoli datgelu eich hun yn dal "
    "yn berthnasol i'r ystadegau eu hunain.",
)

STATISTICS_LOCAL_USERS = _section(
    "involve-local-government-and-other-users",
    "Involve local government and other users",
    "Councils, health boards and charities use official statistics to plan services. They are users as well "
    "as the public.\n\n"
    "- Invite local government analysts to user events, and ask which geographies they need.\n"
    "- In Wales and Scotland, work with the devolved governments' statisticians so one exercise serves both.\n"
    "- Publish a short summary of what users asked for, alongside what the public said.",
)

# (c) Data sharing through the National Data Library: DSIT with Connected by Data. English only.
DATA_SHARING_SECTIONS = [
    _section(
        "about-the-national-data-library",
        "About the National Data Library",
        "The **National Data Library** helps approved researchers and public services use public sector data "
        "safely. Data is analysed inside a **trusted research environment** and is not copied out.\n\n"
        "This guidance applies when you:\n\n"
        "- propose a new data share through the library\n"
        "- propose a new use of data the library already holds\n"
        "- link datasets that have not been linked before",
    ),
    _section(
        "decide-what-the-public-can-influence",
        "Decide what the public can influence",
        "People can shape more than whether a share happens. Ask them about:\n\n"
        "- which purposes are acceptable, and which are not\n"
        "- who may apply for access\n"
        "- the safeguards, and how they are checked\n"
        "- how people are told about the share\n\n"
        "Some things are set by law, such as the legal basis for the share. Explain these rather than consult "
        "on them.",
    ),
    _section(
        "involve-people-before-you-sign-a-data-sharing-agreement",
        "Involve people before you sign a data sharing agreement",
        "A **data sharing agreement** fixes the terms of a share. Involve people before it is signed:\n\n"
        "- for new or sensitive shares, run a **deliberative** process such as a citizens' jury\n"
        "- include people whose data will be shared, and the **affected communities** most likely to be harmed "
        "by misuse\n"
        "- publish the questions you asked and what you heard alongside the data protection impact assessment",
    ),
    _section(
        "public-members-on-access-committees",
        "Public members on access committees",
        "Members of the public should sit on the committee that approves access to the data.\n\n"
        "- Pay them for their time, at the same rate as other lay members.\n"
        "- Give them training and the same papers, at the same time, as everyone else.",
    ),
    _section(
        "tell-people-what-happened",
        "Tell people what happened",
        "- Publish a plain-English register of approved projects.\n"
        "- Report on the engagement log what changed because of participation.\n"
        "- Go back to the people who took part and tell them what you decided.",
    ),
]

DATA_SHARING_GOING_BACK = _section(
    "when-to-go-back-to-the-public",
    "When to go back to the public",
    "Public support is for a purpose, not forever. Involve people again when:\n\n"
    "- the purpose of the share changes, or a new kind of organisation wants access\n"
    "- new datasets are linked to the ones already shared\n"
    "- something goes wrong, such as a data breach or a misuse found by an audit\n"
    "- two years have passed since people were last asked",
)


DOCUMENTS = [
    {
        "title_en": "Public participation in procurement of data and AI systems",
        "title_cy": "Cyfranogiad y cyhoedd wrth gaffael systemau data ac AI",
        "summary_en": "How to involve the public, workers and their trade unions when you buy data and AI "
        "systems, from planning to contract management.",
        "summary_cy": "Sut i gynnwys y cyhoedd, gweithwyr a'u hundebau llafur pan fyddwch yn prynu systemau data "
        "ac AI, o'r cynllunio i reoli'r contract.",
        "topic": Topic.PROCUREMENT,
        "audiences": ["commissioners", "procurement", "trade_union_reps", "service_designers"],
        "organisation": "welsh-government",
        "partners": ["tuc-cymru", "dsit", "connected-by-data"],
        "phase": "beta",
        "review_due": "2027-06-30",
        "created_on": "2025-10-06",
        "versions": [
            {
                "number": "1.0",
                "change_type": MAJOR,
                "status": PUBLISHED,
                "date": "2025-11-03",
                "change_note_en": "First published, following the Design Lab on procurement in Wales with TUC Cymru.",
                "change_note_cy": "Cyhoeddwyd gyntaf, yn dilyn y Labordy Dylunio ar gaffael yng Nghymru gyda TUC "
                "Cymru.",
                "sections": PROCUREMENT_SECTIONS,
            },
            {
                "number": "1.1",
                "change_type": MINOR,
                "status": PUBLISHED,
                "date": "2026-01-20",
                "change_note_en": "Added “empower” to the list of participation levels and asked teams to publish "
                "their plan on the engagement log.",
                "change_note_cy": "Ychwanegu “grymuso” at y rhestr o lefelau cyfranogiad a gofyn i dimau gyhoeddi "
                "eu cynllun ar y log ymgysylltu.",
                "edit": {
                    "plan-participation-before-you-write-the-specification": {
                        "body_en": PROCUREMENT_SECTIONS[1]["body_en"]
                        .replace("involve or collaborate", "involve, collaborate or empower")
                        .replace(
                            "in the procurement plan.",
                            "in the procurement plan, and publish your plan on the engagement log.",
                        ),
                        "body_cy": PROCUREMENT_SECTIONS[1]["body_cy"]
                        .replace("cynnwys neu gydweithio", "cynnwys, cydweithio neu rymuso")
                        .replace(
                            "yn y cynllun caffael.",
                            "yn y cynllun caffael, a chyhoeddwch eich cynllun ar y log ymgysylltu.",
                        ),
                    }
                },
            },
            {
                "number": "2.0",
                "change_type": MAJOR,
                "status": PUBLISHED,
                "date": "2026-06-01",
                "change_note_en": "Pilots told us the guidance was hard to follow on a short tender timetable and "
                "said too little about workers. We added a section for short timetables and explained how "
                "participation fits the Social Partnership and Public Procurement (Wales) Act 2023.",
                "change_note_cy": "Dywedodd cynlluniau peilot wrthym ei bod yn anodd dilyn y canllawiau ar "
                "amserlen dendro fer a'u bod yn dweud rhy ychydig am weithwyr. Rydym wedi ychwanegu adran ar gyfer "
                "amserlenni byr ac wedi esbonio sut mae cyfranogiad yn cyd-fynd â Deddf Partneriaeth Gymdeithasol "
                "a Chaffael Cyhoeddus (Cymru) 2023.",
                "addresses": ["procurement-short-timetable", "procurement-unions-duty"],
                "edit": {
                    "involve-workers-and-their-trade-unions": {
                        "body_en": PROCUREMENT_SECTIONS[2]["body_en"]
                        + "\n- Public bodies in Wales: the Social Partnership and Public Procurement (Wales) Act "
                        "2023 expects socially responsible procurement. Involving recognised unions early is part of "
                        "showing you have met that duty.",
                        "body_cy": PROCUREMENT_SECTIONS[2]["body_cy"]
                        + "\n- Cyrff cyhoeddus yng Nghymru: mae Deddf Partneriaeth Gymdeithasol a Chaffael Cyhoeddus "
                        "(Cymru) 2023 yn disgwyl caffael sy'n gymdeithasol gyfrifol. Mae cynnwys undebau "
                        "cydnabyddedig yn gynnar yn rhan o ddangos eich bod wedi cyflawni'r ddyletswydd honno.",
                    },
                    "keep-the-public-involved-after-the-contract-is-signed": {
                        "heading_cy": "Cadw'r cyhoedd yn rhan o bethau ar ôl llofnodi'r contract",
                        "body_cy": "Nid yw cyfranogiad yn dod i ben pan ddyfernir y contract.\n\n"
                        "- Ysgrifennwch gyfranogiad y cyhoedd a gweithwyr yn y contract: profi gyda phobl yr "
                        "effeithir arnynt cyn mynd yn fyw, ac adolygiadau unwaith y bydd y system yn cael ei "
                        "defnyddio.\n"
                        "- Cyhoeddwch yr hyn a glywsoch a'r hyn a wnaethoch yn ei gylch.\n"
                        "- Dywedwch wrth gyfranogwyr beth ddigwyddodd, yn yr iaith y gwnaethant gymryd rhan ynddi.",
                    },
                },
                "add": [(PROCUREMENT_SHORT_TIMETABLE, "plan-participation-before-you-write-the-specification")],
            },
            {
                "number": "2.1",
                "change_type": MINOR,
                "status": APPROVED,  # approved, and scheduled to publish SCHEDULED_AHEAD from seeding
                "date": "2026-11-02",
                "change_note_en": "Added an example of an evaluation criterion from the NHS 111 pilot.",
                "change_note_cy": "Ychwanegu enghraifft o faen prawf gwerthuso o gynllun peilot GIG 111.",
                "addresses": ["procurement-weighted-criteria"],
                "edit": {
                    "turn-what-people-said-into-evaluation-criteria": {
                        "body_en": PROCUREMENT_SECTIONS[3]["body_en"]
                        + "\n\nFor example, a lived-experience panel for an NHS 111 triage system led to this "
                        "criterion, worth 20% of the quality score: “The supplier must show that callers using "
                        "British Sign Language relay services reach the same outcome as other callers.”",
                        "body_cy": PROCUREMENT_SECTIONS[3]["body_cy"]
                        + "\n\nEr enghraifft, arweiniodd panel profiad bywyd ar gyfer system frysbennu GIG 111 at y "
                        "maen prawf hwn, sy'n werth 20% o'r sgôr ansawdd: “Rhaid i'r cyflenwr ddangos bod galwyr "
                        "sy'n defnyddio gwasanaethau cyfnewid Iaith Arwyddion Prydain yn cael yr un canlyniad â "
                        "galwyr eraill.”",
                    }
                },
            },
        ],
        "pilots": [
            {
                "organisation": "dhsc",
                "on": "1.0",
                "contact_role": "Head of commercial, digital and data",
                "starts_on": "2025-12-01",
                "ends_on": "2026-04-30",
                "status": PilotStatus.COMPLETED,
                "projects": ["procurement-ai-triage-nhs-111"],
                "created_by": SITE_ADMIN,
                "feedback": [
                    {
                        "key": "procurement-short-timetable",
                        "date": "2026-02-10",
                        "anchor": "plan-participation-before-you-write-the-specification",
                        "submitter_role": "Commercial lead",
                        "feedback_type": "hard_to_apply",
                        "rating": 2,
                        "text": "We had twelve weeks from business case to publishing the tender. The guidance "
                        "assumes months of participation before the specification, which we did not have. What "
                        "should we do when time is short?",
                        "activity": "nhs-111-lived-experience-panel",
                        "triage": (ACCEPTED, "Agreed: version 2.0 will add advice for short timetables."),
                    },
                    {
                        "key": "procurement-weighted-criteria",
                        "date": "2026-04-22",
                        "anchor": "turn-what-people-said-into-evaluation-criteria",
                        "submitter_role": "Commercial lead",
                        "feedback_type": "impact",
                        "rating": 5,
                        "text": "Turning the lived-experience panel's findings into weighted criteria worked. "
                        "Accessibility, including British Sign Language relay, is now 20% of the quality score.",
                        "activity": "nhs-111-lived-experience-panel",
                        "triage": (ACCEPTED, "Thank you. We will use your criterion as a worked example."),
                    },
                ],
            },
            {
                "organisation": "moj",
                "on": "1.1",
                "contact_role": "Data ethics lead",
                "starts_on": "2026-02-16",
                "status": PilotStatus.ACTIVE,
                "projects": ["risk-assessment-tool-review"],
                "created_by": SITE_ADMIN,
                "feedback": [
                    {
                        "key": "procurement-unions-duty",
                        "date": "2026-03-18",
                        "anchor": "involve-workers-and-their-trade-unions",
                        "submitter_role": "Employee relations adviser",
                        "feedback_type": "missing",
                        "rating": 3,
                        "text": "The section on workers does not say how this fits with our duty to consult "
                        "recognised unions, or with the social partnership duty for public bodies in Wales.",
                        "activity": "risk-tool-worker-consultation",
                        "triage": (
                            ACCEPTED,
                            "We will explain the link to the Social Partnership and Public "
                            "Procurement (Wales) Act 2023 in version 2.0.",
                        ),
                    },
                    {
                        "key": "procurement-renewals",
                        "date": "2026-04-02",
                        "anchor": "why-involve-the-public",
                        "submitter_role": "Data ethics lead",
                        "feedback_type": "unclear",
                        "rating": 3,
                        "text": "Does this guidance apply when we renew or extend an existing contract, rather "
                        "than buy something new?",
                        "triage": (
                            DEFERRED,
                            "Yes, it applies. We will say so when we next review the guidance "
                            "against the Procurement Act 2023 guidance on contract changes.",
                        ),
                    },
                ],
            },
            {
                "organisation": "dfe",
                "on": "2.0",
                "contact_role": "Head of procurement, schools digital",
                "starts_on": "2026-07-01",
                "status": PilotStatus.ACTIVE,
                "projects": ["ai-marking-assistant-for-schools"],
                "created_by": SITE_ADMIN,
                "feedback": [
                    {
                        "key": "procurement-pupil-quotes",
                        "date": "2026-08-12",
                        "anchor": "keep-the-public-involved-after-the-contract-is-signed",
                        "submitted_by": "member@example.org",
                        "submitter_role": "Policy adviser",
                        "feedback_type": "wrong",
                        "rating": 2,
                        "text": "The guidance says to publish everything we heard, but some findings came from "
                        "pupils under 16 and cannot be published as quotes.",
                        "activity": "ai-marking-deliberative-workshop",
                        "triage": (
                            DECLINED,
                            "The guidance asks you to publish what you heard, not quotes. "
                            "Summarise findings without identifying anyone; the engagement log supports "
                            "this.",
                        ),
                    },
                    {
                        "key": "procurement-union-example",
                        "date": "2026-10-28",
                        "anchor": "if-your-procurement-timetable-is-short",
                        "submitted_by": "member@example.org",
                        "submitter_role": "Policy adviser",
                        "feedback_type": "unclear",
                        "rating": 4,
                        "text": "Could you give an example of a written view from a trade union, and how long "
                        "to allow for it?",
                    },
                ],
            },
        ],
        "adoptions": [
            ("dhsc", "2.0", "2026-07-10", "https://www.gov.uk/government/publications/nhs-111-ai-triage-procurement"),
            ("moj", "2.0", "2026-08-03", ""),
        ],
    },
    {
        "title_en": "Public participation in developing official statistics",
        "title_cy": "Cyfranogiad y cyhoedd wrth ddatblygu ystadegau swyddogol",
        "summary_en": "How statistics producers can involve the public and other users in deciding what to "
        "measure, how to measure it and how to publish it.",
        "summary_cy": "Sut y gall cynhyrchwyr ystadegau gynnwys y cyhoedd a defnyddwyr eraill wrth benderfynu beth "
        "i'w fesur, sut i'w fesur a sut i'w gyhoeddi.",
        "topic": Topic.OFFICIAL_STATISTICS,
        "audiences": ["statistics_producers", "service_designers"],
        "organisation": "osr",
        "partners": ["ons"],
        "phase": "live",
        "review_due": "2027-03-31",
        "created_on": "2025-08-18",
        "versions": [
            {
                "number": "1.0",
                "change_type": MAJOR,
                "status": PUBLISHED,
                "date": "2025-09-15",
                "change_note_en": "First published, following the Design Lab on the Code of Practice for Statistics.",
                "change_note_cy": "Cyhoeddwyd gyntaf, yn dilyn y Labordy Dylunio ar y Cod Ymarfer ar gyfer Ystadegau.",
                "sections": STATISTICS_SECTIONS,
            },
            {
                "number": "1.1",
                "change_type": MINOR,
                "status": PUBLISHED,
                "date": "2025-12-01",
                "change_note_en": "Made clear that the guidance also applies to official statistics in development.",
                "edit": {
                    "who-this-guidance-is-for": {
                        "body_en": STATISTICS_SECTIONS[0]["body_en"].replace(
                            "- stop producing a statistic\n",
                            "- publish official statistics in development\n- stop producing a statistic\n",
                        ),
                        "body_cy": STATISTICS_SECTIONS[0]["body_cy"].replace(
                            "- rhoi'r gorau i gynhyrchu ystadegyn\n",
                            "- cyhoeddi ystadegau swyddogol sy'n cael eu datblygu\n"
                            "- rhoi'r gorau i gynhyrchu ystadegyn\n",
                        ),
                    }
                },
            },
            {
                "number": "2.0",
                "change_type": MAJOR,
                "status": PUBLISHED,
                "date": "2026-04-20",
                "change_note_en": "A pilot found it hard to report back without identifying the few people with "
                "lived experience who took part. We added a section on reporting back safely, and said more "
                "about paying participants.",
                "change_note_cy": "Canfu cynllun peilot ei bod yn anodd adrodd yn ôl heb adnabod yr ychydig bobl "
                "â phrofiad bywyd a gymerodd ran. Rydym wedi ychwanegu adran ar adrodd yn ôl yn ddiogel.",
                "addresses": ["statistics-small-numbers"],
                "edit": {
                    "involve-people-with-lived-experience": {
                        "body_en": STATISTICS_SECTIONS[3]["body_en"].replace(
                            "- Pay people for their time.",
                            "- Pay people for their time, and pay promptly: vouchers or cash within two weeks, "
                            "and check whether payments affect anyone's benefits.",
                        )
                    }
                },
                "add": [(STATISTICS_SMALL_NUMBERS, None)],
            },
            {
                "number": "3.0",
                "change_type": MAJOR,
                "status": IN_REVIEW,
                "date": "2026-11-09",
                "change_note_en": "Added a section on involving local government and other users, after a pilot "
                "asked how councils fit in.",
                "addresses": ["statistics-local-users"],
                "add": [(STATISTICS_LOCAL_USERS, "choose-a-method")],
                "comment": "Reads well. Before I approve, could we ask the Welsh Government statisticians whether "
                "the point about devolved governments matches how they work?",
            },
        ],
        "pilots": [
            {
                "organisation": "ons",
                "on": "1.0",
                "contact_role": "Head of user engagement",
                "starts_on": "2025-10-01",
                "ends_on": "2026-03-31",
                "status": PilotStatus.COMPLETED,
                "projects": ["official-statistic-online-harms"],
                "created_by": "editor@example.org",
                "feedback": [
                    {
                        "key": "statistics-small-numbers",
                        "date": "2025-12-15",
                        "anchor": "report-back-on-what-changed",
                        "submitted_by": "editor@example.org",
                        "submitter_role": "Senior statistician",
                        "feedback_type": "hard_to_apply",
                        "rating": 2,
                        "text": "Only two people with experience of online abuse took part in our panel. Reporting "
                        "their views separately would identify them, but leaving them out loses what they said.",
                        "activity": "online-harms-public-panel",
                        "triage": (ACCEPTED, "Agreed. Version 2.0 will add advice on reporting back safely."),
                    },
                    {
                        "key": "statistics-severity",
                        "date": "2026-02-25",
                        "anchor": "choose-a-method",
                        "submitted_by": "editor@example.org",
                        "submitter_role": "Senior statistician",
                        "feedback_type": "impact",
                        "rating": 5,
                        "text": "The public panel changed our measure: we now ask how serious each harm was, not "
                        "only how often it happened.",
                        "activity": "online-harms-public-panel",
                        "triage": (ACCEPTED, "Thank you. We will feature this as a case study."),
                    },
                ],
            },
            {
                "organisation": "mhclg",
                "on": "2.0",
                "contact_role": "Head of housing statistics",
                "starts_on": "2026-05-18",
                "status": PilotStatus.ACTIVE,
                "projects": [],
                "created_by": SITE_ADMIN,
                "feedback": [
                    {
                        "key": "statistics-local-users",
                        "date": "2026-07-07",
                        "anchor": "choose-a-method",
                        "submitted_by": "moderator@example.org",
                        "submitter_role": "Statistician",
                        "feedback_type": "missing",
                        "rating": 3,
                        "text": "Nothing about councils, who are our main users. Should we involve them the same "
                        "way as the public?",
                        "triage": (
                            ACCEPTED,
                            "A section on local government and other users is in the draft of version 3.0.",
                        ),
                    },
                    {
                        "key": "statistics-threshold",
                        "date": "2026-08-20",
                        "anchor": "report-back-without-identifying-anyone",
                        "submitted_by": "moderator@example.org",
                        "submitter_role": "Statistician",
                        "feedback_type": "wrong",
                        "rating": 2,
                        "text": "A threshold of 10 people is stricter than our statistical disclosure control rules.",
                        "triage": (
                            DECLINED,
                            "The threshold is for reporting what participants said, not for "
                            "statistical outputs, so it is deliberately stricter. Your disclosure control "
                            "rules still apply to the statistics.",
                        ),
                    },
                    {
                        "key": "statistics-ministers",
                        "date": "2026-10-30",
                        "anchor": "decide-what-people-can-influence",
                        "submitted_by": "moderator@example.org",
                        "submitter_role": "Statistician",
                        "feedback_type": "unclear",
                        "rating": 3,
                        "text": "What should we do when a minister has already announced what a new statistic "
                        "will measure?",
                    },
                ],
            },
        ],
        "adoptions": [
            ("ons", "2.0", "2026-05-11", "https://www.ons.gov.uk/aboutus/whatwedo/statistics/publicengagement"),
            ("welsh-government", "2.0", "2026-06-22", ""),
        ],
    },
    {
        "title_en": "Public participation in data sharing through the National Data Library",
        "title_cy": "Cyfranogiad y cyhoedd wrth rannu data drwy'r Llyfrgell Ddata Genedlaethol",
        "summary_en": "How data owners should involve the public before sharing data through the National Data "
        "Library, and keep people informed afterwards.",
        "summary_cy": "",
        "topic": Topic.DATA_SHARING,
        "audiences": ["data_owners", "commissioners", "service_designers"],
        "organisation": "dsit",
        "partners": ["connected-by-data"],
        "phase": "pilot",
        "review_due": "2027-01-31",
        "created_on": "2026-01-05",
        "versions": [
            {
                "number": "1.0",
                "change_type": MAJOR,
                "status": PUBLISHED,
                "date": "2026-02-02",
                "change_note_en": "First published for pilots, following the Design Lab on the National Data Library.",
                "sections": DATA_SHARING_SECTIONS,
            },
            {
                "number": "2.0",
                "change_type": MAJOR,
                "status": PUBLISHED,
                "date": "2026-07-06",
                "change_note_en": "Pilots asked when to go back to the public and how many public members an "
                "access committee needs. We added a section on going back to the public and set a minimum of "
                "two public members.",
                "addresses": ["data-going-back", "data-committee-size"],
                "edit": {
                    "public-members-on-access-committees": {
                        "body_en": "At least two members of the public should sit on the committee that approves "
                        "access to the data, so no one is the only public voice in the room.\n\n"
                        "- Pay them for their time, at the same rate as other lay members.\n"
                        "- Give them training and the same papers, at the same time, as everyone else.\n"
                        "- Recruit them openly, and publish how they were chosen.",
                    }
                },
                "add": [(DATA_SHARING_GOING_BACK, None)],
            },
            {
                "number": "2.1",
                "change_type": MINOR,
                "status": PUBLISHED,
                "date": "2026-09-14",
                "change_note_en": "Corrected the name of the committee that approves access.",
                "edit": {
                    "public-members-on-access-committees": {
                        "heading_en": "Public members on data access committees",
                        "body_en": "At least two members of the public should sit on the data access committee "
                        "that approves access to the data, so no one is the only public voice in the room.\n\n"
                        "- Pay them for their time, at the same rate as other lay members.\n"
                        "- Give them training and the same papers, at the same time, as everyone else.\n"
                        "- Recruit them openly, and publish how they were chosen.",
                    }
                },
            },
        ],
        "pilots": [
            {
                "organisation": "welsh-government",
                "on": "1.0",
                "contact_role": "Head of data sharing, social care",
                "starts_on": "2026-03-02",
                "status": PilotStatus.ACTIVE,
                "projects": ["data-for-social-care-wales"],
                "created_by": "editor@example.org",
                "feedback": [
                    {
                        "key": "data-going-back",
                        "date": "2026-04-14",
                        "anchor": "tell-people-what-happened",
                        "submitted_by": "editor@example.org",
                        "submitter_role": "Data sharing manager",
                        "feedback_type": "missing",
                        "rating": 3,
                        "text": "There is no advice on when to go back to the public, for example if the purpose "
                        "of the share changes after the agreement is signed.",
                        "activity": "social-care-data-community-events",
                        "triage": (ACCEPTED, "Version 2.0 will add a section on when to go back to the public."),
                    },
                    {
                        "key": "data-bilingual-notices",
                        "date": "2026-07-20",
                        "anchor": "involve-people-before-you-sign-a-data-sharing-agreement",
                        "submitted_by": "editor@example.org",
                        "submitter_role": "Data sharing manager",
                        "feedback_type": "impact",
                        "rating": 4,
                        "text": "Holding bilingual community events before the agreement was signed led us to "
                        "send bilingual notices to everyone whose data is shared.",
                        "activity": "social-care-data-community-events",
                        "triage": (
                            DEFERRED,
                            "Thank you. We will add Welsh-language advice when the guidance is translated.",
                        ),
                    },
                ],
            },
            {
                "organisation": "dfe",
                "on": "1.0",
                "contact_role": "Data sharing policy lead",
                "starts_on": "2026-03-16",
                "ends_on": "2026-06-30",
                "status": PilotStatus.COMPLETED,
                "projects": [],
                "created_by": SITE_ADMIN,
                "feedback": [
                    {
                        "key": "data-committee-size",
                        "date": "2026-05-05",
                        "anchor": "public-members-on-access-committees",
                        "submitted_by": "member@example.org",
                        "submitter_role": "Policy adviser",
                        "feedback_type": "unclear",
                        "rating": 3,
                        "text": "How many members of the public should sit on an access committee? One person "
                        "on their own found it hard to be heard.",
                        "triage": (ACCEPTED, "Version 2.0 will ask for at least two."),
                    },
                ],
            },
            {
                "organisation": "dhsc",
                "on": "2.1",
                "contact_role": "Head of data access",
                "starts_on": "2026-09-21",
                "status": PilotStatus.ACTIVE,
                "projects": [],
                "created_by": SITE_ADMIN,
                "feedback": [
                    {
                        "key": "data-paying-members",
                        "date": "2026-11-04",
                        "anchor": "public-members-on-access-committees",
                        "submitter_role": "Data access manager",
                        "feedback_type": "hard_to_apply",
                        "rating": 3,
                        "text": "Paying public members through our finance system took three months. Is there "
                        "a quicker way that other departments use?",
                    },
                ],
            },
        ],
        "adoptions": [
            ("welsh-government", "2.0", "2026-08-17", "https://www.gov.wales/social-care-data-sharing"),
            ("dfe", "2.1", "2026-10-01", ""),
        ],
    },
]

# Who follows what: (email, document title or None, topic or "").
SUBSCRIPTIONS = [
    ("public@example.org", DOCUMENTS[0]["title_en"], ""),
    ("editor@example.org", DOCUMENTS[2]["title_en"], ""),
    ("member@example.org", None, Topic.OFFICIAL_STATISTICS),
    ("orgadmin@example.org", None, Topic.DATA_SHARING),
    ("facilitator@example.org", None, Topic.PROCUREMENT),
    ("facilitator@example.org", DOCUMENTS[1]["title_en"], ""),
]


def _noon(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(12), tzinfo=timezone.get_current_timezone())


def _check(condition: bool, problem: str) -> None:
    """The content below names anchors and version numbers; fail loudly if the services disagree."""
    if not condition:
        raise RuntimeError(f"Guidance demo content is out of step with the services: {problem}")


def _number(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


class GuidanceSeeder:
    def __init__(self, organisations: dict[str, Organisation]):
        self.organisations = organisations
        emails = {WRITER, APPROVER, SITE_ADMIN}
        for spec in DOCUMENTS:
            for pilot in spec["pilots"]:
                emails.add(pilot["created_by"])
                emails.update(item["submitted_by"] for item in pilot["feedback"] if item.get("submitted_by"))
        emails.update(email for email, _title, _topic in SUBSCRIPTIONS)
        self.users = {user.email: user for user in User.objects.filter(email__in=emails)}
        self.writer, self.approver = self.users[WRITER], self.users[APPROVER]
        self.new = 0

    def run(self) -> int:
        # The history is replayed with notify=False: no review requests, "your feedback was
        # addressed" emails or subscriber notices about a year that has, in the story, already happened.
        with transaction.atomic():
            self.glossary()
            documents = [self.document(spec) for spec in DOCUMENTS]
            self.subscriptions(documents)
        return self.new

    # Glossary

    def glossary(self) -> None:
        for slug, term_en, term_cy, definition_en, definition_cy in GLOSSARY:
            term, created = GlossaryTerm.objects.update_or_create(
                slug=slug,
                defaults={
                    "term_en": term_en,
                    "term_cy": term_cy,
                    "definition_en": definition_en,
                    "definition_cy": definition_cy,
                },
            )
            if created:
                record_audit(actor=None, action="guidance.glossary_term.created", target=term)
                self.new += 1
        transaction.on_commit(forget_glossary)

    # Documents and their history

    def document(self, spec: dict) -> GuidanceDocument:
        slug = slugify(spec["title_en"])[:100]
        document = GuidanceDocument.objects.filter(slug=slug).first()
        if document is None:
            document = workflow.create_document(
                created_by=self.writer,
                partners=[self.organisations[p] for p in spec["partners"]],
                title_en=spec["title_en"],
                title_cy=spec["title_cy"],
                summary_en=spec["summary_en"],
                summary_cy=spec["summary_cy"],
                topic=spec["topic"],
                audiences=spec["audiences"],
                organisation=self.organisations[spec["organisation"]],
                phase=spec["phase"],
                review_due=date.fromisoformat(spec["review_due"]),
            )
            created_at = _noon(spec["created_on"])
            GuidanceDocument.objects.filter(pk=document.pk).update(created_at=created_at, updated_at=created_at)
            self.new += 1
        feedback: dict[str, PilotFeedback] = {}
        for version_spec in spec["versions"]:
            self.version(document, version_spec, feedback)
            for pilot_spec in spec["pilots"]:
                if pilot_spec["on"] == version_spec["number"]:
                    self.pilot(document, pilot_spec, feedback)
        self.adoptions(document, spec["adoptions"])
        return document

    def version(self, document: GuidanceDocument, spec: dict, feedback: dict[str, PilotFeedback]) -> None:
        major, minor = _number(spec["number"])
        if document.versions.filter(major=major, minor=minor).exists():
            return
        document.refresh_from_db()
        version = workflow.start_draft(document=document, created_by=self.writer, change_type=spec["change_type"])
        for section in spec.get("sections", []):
            fields = {name: section[name] for name in workflow.SECTION_FIELDS}
            added = workflow.add_section(version=version, added_by=self.writer, **fields)
            _check(added.anchor == section["anchor"], f"anchor {added.anchor} is not {section['anchor']}")
        for anchor, changes in spec.get("edit", {}).items():
            section = version.sections.get(anchor=anchor)
            fields = {name: changes.get(name, getattr(section, name)) for name in workflow.SECTION_FIELDS}
            workflow.update_section(section=section, updated_by=self.writer, **fields)
        for section, after in spec.get("add", []):
            fields = {name: section[name] for name in workflow.SECTION_FIELDS}
            added = workflow.add_section(version=version, added_by=self.writer, **fields)
            self._place_after(added, after)
        version = workflow.update_version(
            version=version,
            updated_by=self.writer,
            change_type=spec["change_type"],
            change_note_en=spec["change_note_en"],
            change_note_cy=spec.get("change_note_cy", ""),
            addressed_feedback=[feedback[key] for key in spec.get("addresses", [])],
        )
        _check(version.number == spec["number"], f"version {version.number} is not {spec['number']}")
        workflow.submit_for_review(version=version, submitted_by=self.writer, notify=False)
        when = _noon(spec["date"])
        if spec["status"] == IN_REVIEW:
            if spec.get("comment"):
                workflow.add_comment(version=version, author=self.approver, body=spec["comment"])
            self._backdate(version, submitted=when)
        elif spec["status"] == APPROVED:
            workflow.approve(version=version, approved_by=self.approver)
            publish_at = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + SCHEDULED_AHEAD
            workflow.schedule(version=version, scheduled_by=self.approver, publish_at=publish_at)
            self._backdate(version, submitted=when - timedelta(days=3), approved=when)
        else:
            workflow.approve(version=version, approved_by=self.approver)
            workflow.publish_now(version=version, published_by=self.approver, notify=False)
            self._backdate(
                version, submitted=when - timedelta(days=7), approved=when - timedelta(days=2), published=when
            )
            GuidanceDocument.objects.filter(pk=document.pk).update(published_at=when, updated_at=when)
        self.new += 1

    def _place_after(self, section: GuidanceSection, after: str | None) -> None:
        if after is None:
            return
        anchors = list(section.version.sections.values_list("anchor", flat=True))
        for _step in range(len(anchors) - anchors.index(after) - 2):
            workflow.move_section(section=section, moved_by=self.writer, direction="up")

    def _backdate(self, version: GuidanceVersion, *, submitted, approved=None, published=None) -> None:
        """The services stamp everything 'now'; the demo's history is spread over the past year.
        A queryset update, like the services' own bookkeeping, so the published-version guard
        (which protects content on save) is not involved. A published major version is marked as
        already announced to subscribers: the demo's history is not news to anyone."""
        values = {"created_at": submitted - timedelta(days=14), "updated_at": published or approved or submitted,
                  "submitted_at": submitted}  # fmt: skip
        if approved:
            values["approved_at"] = approved
        if published:
            values["published_at"] = published
            if version.is_major:
                values["subscribers_notified_at"] = published
        GuidanceVersion.objects.filter(pk=version.pk).update(**values)

    # Pilots, feedback and adoptions

    def pilot(self, document: GuidanceDocument, spec: dict, feedback: dict[str, PilotFeedback]) -> None:
        version = document.versions.get(**dict(zip(("major", "minor"), _number(spec["on"]), strict=True)))
        organisation = self.organisations[spec["organisation"]]
        pilot, created = Pilot.objects.get_or_create(
            version=version,
            organisation=organisation,
            defaults={
                "contact_role": spec["contact_role"],
                "starts_on": date.fromisoformat(spec["starts_on"]),
                "ends_on": date.fromisoformat(spec["ends_on"]) if spec.get("ends_on") else None,
                "status": spec["status"],
                "created_by": self.users[spec["created_by"]],
            },
        )
        if created:
            pilot.projects.set(Project.objects.filter(slug__in=spec["projects"]))
            record_audit(
                actor=pilot.created_by, action="guidance.pilot.created", target=pilot, organisation=organisation
            )
            Pilot.objects.filter(pk=pilot.pk).update(created_at=_noon(spec["starts_on"]))
            self.new += 1
        for item in spec["feedback"]:
            feedback[item["key"]] = self.feedback(pilot, item)

    def feedback(self, pilot: Pilot, spec: dict) -> PilotFeedback:
        submitted_by = self.users.get(spec.get("submitted_by", ""))
        item, created = PilotFeedback.objects.get_or_create(
            pilot=pilot,
            text=spec["text"],
            defaults={
                "version": pilot.version,
                "section_anchor": spec["anchor"],
                "submitted_by": submitted_by,
                "submitter_role": spec["submitter_role"],
                "feedback_type": spec["feedback_type"],
                "rating": spec["rating"],
                "activity": Activity.objects.filter(slug=spec.get("activity", "")).first(),
                "may_publish": True,
                "show_organisation": True,
            },
        )
        if not created:
            return item
        record_audit(
            actor=submitted_by, action="guidance.feedback.created", target=item, organisation=pilot.organisation
        )
        given = _noon(spec["date"])
        if spec.get("triage"):
            status, response = spec["triage"]
            item = feedback_service.triage(
                feedback=item, triaged_by=self.approver, status=status, response=response, notify=False
            )
        PilotFeedback.objects.filter(pk=item.pk).update(
            created_at=given,
            updated_at=given,
            triaged_at=given + timedelta(days=9) if spec.get("triage") else None,
        )
        self.new += 1
        return item

    def adoptions(self, document: GuidanceDocument, specs) -> None:
        for slug, number, adopted_on, evidence_url in specs:
            major, minor = _number(number)
            organisation = self.organisations[slug]
            adoption, created = Adoption.objects.get_or_create(
                document=document,
                organisation=organisation,
                defaults={
                    "version": document.versions.get(major=major, minor=minor),
                    "adopted_on": date.fromisoformat(adopted_on),
                    "evidence_url": evidence_url,
                    "declared_by": self.users[SITE_ADMIN],
                },
            )
            if created:
                record_audit(
                    actor=adoption.declared_by,
                    action="guidance.adoption.created",
                    target=adoption,
                    organisation=organisation,
                )
                self.new += 1

    def subscriptions(self, documents: list[GuidanceDocument]) -> None:
        by_title = {document.title_en: document for document in documents}
        for email, title, topic in SUBSCRIPTIONS:
            user = self.users[email]
            document = by_title[title] if title else None
            if not user.guidance_subscriptions.filter(document=document, topic="" if document else topic).exists():
                subscription_service.subscribe(user=user, document=document, topic=topic)
                self.new += 1


def seed_guidance(organisations: dict[str, Organisation]) -> int:
    """Create the demo guidance, its history, pilots, adoptions, subscribers and glossary; returns
    how many records were new (0 on a second run)."""
    return GuidanceSeeder(organisations).run()
