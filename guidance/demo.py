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
    OutreachEvent,
    OutreachRole,
    Pilot,
    PilotFeedback,
    PilotStatus,
    Publication,
    PublicationKind,
    PublicationPDF,
    ReviewStatus,
    Topic,
    TriageStatus,
)
from guidance.services import feedback as feedback_service
from guidance.services import pdfs, review, workflow
from guidance.services import publications as publication_service
from guidance.services import subscriptions as subscription_service
from guidance.services.rendering import forget_glossary
from participation.models import Activity, Organisation, Project, User
from participation.services.audit import record_audit

WRITER = "guidance@example.org"  # Rhiannon Evans writes every version ...
APPROVER = "reviewer@example.org"  # ... and Tom Okafor approves and publishes it.
SITE_ADMIN = "admin@example.org"
# The approved version waiting to go live is scheduled this far ahead of the day the demo is seeded.
SCHEDULED_AHEAD = timedelta(days=21)
MAJOR, MINOR = ChangeType.MAJOR, ChangeType.MINOR
PUBLISHED, APPROVED, IN_REVIEW = ReviewStatus.PUBLISHED, ReviewStatus.APPROVED, ReviewStatus.IN_REVIEW
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
        review.submit(version, by=self.writer, notify=False)
        when = _noon(spec["date"])
        if spec["status"] == IN_REVIEW:
            if spec.get("comment"):
                review.add_comment(version, by=self.approver, body=spec["comment"])
            self._backdate(version, submitted=when)
        elif spec["status"] == APPROVED:
            review.approve(version, by=self.approver)
            publish_at = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + SCHEDULED_AHEAD
            review.schedule(version, by=self.approver, publish_at=publish_at)
            self._backdate(version, submitted=when - timedelta(days=3), approved=when)
        else:
            review.approve(version, by=self.approver)
            review.publish_now(version, by=self.approver, notify=False)
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
    how many records were new (0 on a second run). The publications come after the guidance and the
    engagement register they link to."""
    return GuidanceSeeder(organisations).run() + seed_publications()


# Publications and outreach events
#
# Several of each kind, most published through the shared review (one demo guidance editor writes, the
# other approves), one in review and one draft. Dates are fixed, like the guidance history above; the
# upcoming outreach events are placed relative to the day the demo is seeded so the events page always
# has some. Looked up by title (or, for the case study drafted from the register, by its activity), so
# a second run changes nothing.

CASE_STUDY, BLOG_POST, COMMENTARY, CONSULTATION_RESPONSE, EVENT_WRITE_UP = (
    PublicationKind.CASE_STUDY,
    PublicationKind.BLOG_POST,
    PublicationKind.COMMENTARY,
    PublicationKind.CONSULTATION_RESPONSE,
    PublicationKind.EVENT_WRITE_UP,
)
DRAFT = ReviewStatus.DRAFT
PROCUREMENT_TITLE, STATISTICS_TITLE, DATA_SHARING_TITLE = (spec["title_en"] for spec in DOCUMENTS)
# The consultation response rendered as a PDF while seeding, so the demo shows a ready download.
PDF_RESPONSE = "Our response to the call for evidence on the National Data Library"
# Amira Hassan co-wrote a post about work with pupils and asked not to be named on it.
UNNAMED_AUTHOR = "member@example.org"

# The case study the demo drafts from the register in one step, as an editor would, then finishes.
CASE_STUDY_FROM_ACTIVITY = {
    "activity": "online-harms-public-panel",
    "title_en": "How a public panel changed the way ONS measures online harms",
    "title_cy": "Sut y newidiodd panel cyhoeddus y ffordd y mae'r SYG yn mesur niwed ar-lein",
    "summary_en": "Forty people met three times online and asked ONS to measure how serious online harms are, "
    "not only how often they happen. The new statistic now does.",
    "summary_cy": "Cyfarfu deugain o bobl dair gwaith ar-lein a gofyn i'r SYG fesur pa mor ddifrifol yw niwed "
    "ar-lein, nid dim ond pa mor aml y mae'n digwydd. Mae'r ystadegyn newydd yn gwneud hynny erbyn hyn.",
    "topics": [Topic.OFFICIAL_STATISTICS],
    "guidance": [STATISTICS_TITLE],
    "date": "2026-03-24",
    "writer": WRITER,
    "authors": [WRITER, "editor@example.org"],
    "status": PUBLISHED,
}

PUBLICATIONS = [
    # Case studies
    {
        "kind": CASE_STUDY,
        "title_en": "A citizens' jury set the rules for linking health and education data",
        "title_cy": "Rheithgor dinasyddion yn gosod y rheolau ar gyfer cysylltu data iechyd ac addysg",
        "summary_en": "Twenty-four people chosen by lot spent four weekends deciding when the National Data Library "
        "may link children's health and education records. DSIT accepted most of what they asked for.",
        "summary_cy": "Treuliodd pedwar ar hugain o bobl a ddewiswyd ar hap bedwar penwythnos yn penderfynu pryd y "
        "caiff y Llyfrgell Ddata Genedlaethol gysylltu cofnodion iechyd ac addysg plant.",
        "body_en": "## What was decided\n\n"
        "The Department for Science, Innovation and Technology wanted to link de-identified health and education "
        "records through the **National Data Library** so that approved researchers could study children's "
        "outcomes. The question of *whether* to share was settled; the conditions were open.\n\n"
        "## How people were involved\n\n"
        "A citizens' jury of 24 people, recruited by sortition to reflect England's population, met over four "
        "weekends in January and February 2026. They heard from researchers, a headteacher, a GP, a privacy "
        "campaigner and two young people who had grown up in care.\n\n"
        "## What changed\n\n"
        "- Two members of the public now sit on the data access committee.\n"
        "- Every approved project is published in plain English.\n"
        "- The jury asked for an opt-out for families. DSIT said no, because the legal basis does not allow one, "
        "and explains why on the project page.\n\n"
        "## What others can learn\n\n"
        "Be honest about what is fixed. Jurors told us they trusted the process more because the team said "
        "plainly which recommendation it could not accept, and why.",
        "topics": [Topic.DATA_SHARING],
        "activities": ["ndl-citizens-jury"],
        "projects": ["national-data-library-health-education-share"],
        "guidance": [DATA_SHARING_TITLE],
        "date": "2026-06-30",
        "writer": WRITER,
        "authors": [WRITER, "orgadmin@example.org"],
        "status": PUBLISHED,
    },
    {
        "kind": CASE_STUDY,
        "title_en": "Asking in Welsh: community events on sharing social care data",
        "title_cy": "Gofyn yn Gymraeg: digwyddiadau cymunedol ar rannu data gofal cymdeithasol",
        "summary_en": "Bilingual events in Bangor, Aberystwyth and Cardiff shaped how the Welsh Government tells "
        "people their social care data is being shared.",
        "summary_cy": "Bu digwyddiadau dwyieithog ym Mangor, Aberystwyth a Chaerdydd yn llywio sut mae Llywodraeth "
        "Cymru yn dweud wrth bobl bod eu data gofal cymdeithasol yn cael ei rannu.",
        "body_en": "## The project\n\n"
        "The Welsh Government is building a shared record of social care services so that councils and health "
        "boards can plan care together.\n\n"
        "## How people were involved\n\n"
        "Community events in Bangor, Aberystwyth and Cardiff, run in Welsh and English, with people who use "
        "social care, unpaid carers and social care workers represented by UNISON Cymru.\n\n"
        "## What people said\n\n"
        "People wanted to be asked in Welsh, and to be able to see who has looked at their records.\n\n"
        "## What changed\n\n"
        "Every notice and form is now bilingual. Letting people see who has looked at their record is still "
        "being considered.",
        "body_cy": "## Y prosiect\n\n"
        "Mae Llywodraeth Cymru yn creu cofnod a rennir o wasanaethau gofal cymdeithasol fel y gall cynghorau a "
        "byrddau iechyd gynllunio gofal gyda'i gilydd.\n\n"
        "## Sut y cafodd pobl eu cynnwys\n\n"
        "Digwyddiadau cymunedol ym Mangor, Aberystwyth a Chaerdydd, yn Gymraeg ac yn Saesneg, gyda phobl sy'n "
        "defnyddio gofal cymdeithasol, gofalwyr di-dâl a gweithwyr gofal cymdeithasol a gynrychiolwyd gan UNSAIN "
        "Cymru.\n\n"
        "## Yr hyn a ddywedodd pobl\n\n"
        "Roedd pobl eisiau cael eu holi yn Gymraeg, a gallu gweld pwy sydd wedi edrych ar eu cofnodion.\n\n"
        "## Beth newidiodd\n\n"
        "Mae pob hysbysiad a ffurflen bellach yn ddwyieithog. Mae gadael i bobl weld pwy sydd wedi edrych ar eu "
        "cofnod yn dal i gael ei ystyried.",
        "topics": [Topic.DATA_SHARING],
        "activities": ["social-care-data-community-events"],
        "projects": ["data-for-social-care-wales"],
        "date": "2026-09-15",
        "writer": APPROVER,
        "authors": [APPROVER, "facilitator@example.org"],
        "status": PUBLISHED,
    },
    {
        "kind": CASE_STUDY,
        "title_en": "People who called NHS 111 helped write the evaluation criteria for AI triage",
        "summary_en": "A lived-experience panel turned its findings into weighted tender criteria: accessibility, "
        "including British Sign Language relay, is now a fifth of the quality score.",
        "body_en": "## What was bought\n\n"
        "An AI-assisted triage system for NHS 111, procured by the Department of Health and Social Care.\n\n"
        "## How people were involved\n\n"
        "Fourteen people who had called NHS 111, three Deaf and disabled people's organisations and eight call "
        "handlers met six times to co-design the evaluation criteria.\n\n"
        "## What changed\n\n"
        "- Accessibility, including BSL relay, is worth 20% of the quality score.\n"
        "- A route to a person at every step is written into the specification.",
        "topics": [Topic.PROCUREMENT],
        "activities": ["nhs-111-lived-experience-panel"],
        "projects": ["procurement-ai-triage-nhs-111"],
        "guidance": [PROCUREMENT_TITLE],
        "date": "2026-11-16",
        "writer": APPROVER,
        "authors": [APPROVER, "facilitator@example.org"],
        "status": IN_REVIEW,
        "comment": "Could we add a quote from one of the call handlers before this goes out?",
    },
    # Blog posts
    {
        "kind": BLOG_POST,
        "title_en": "Why we publish “you said, we did” for every engagement",
        "title_cy": "Pam rydym yn cyhoeddi “dywedoch chi, gwnaethom ni” ar gyfer pob ymgysylltiad",
        "summary_en": "People give their time to be heard. Telling them what changed, and what did not, is the "
        "least we owe them, and it is now part of every record in the engagement register.",
        "summary_cy": "Mae pobl yn rhoi eu hamser i gael eu clywed. Dweud wrthynt beth newidiodd, a beth na "
        "newidiodd, yw'r lleiaf sy'n ddyledus iddynt.",
        "body_en": "When we started the engagement register, the field teams filled in least was the one that "
        "mattered most to participants: what happened next.\n\n"
        "## Closing the loop\n\n"
        "Every published activity now lists its recommendations, the response to each (accepted, partly "
        "accepted, not accepted or under consideration) and the date participants were told.\n\n"
        "## Saying no is allowed\n\n"
        "A recommendation that is not accepted is not a failure. Not explaining it is. The National Data "
        "Library jury told us the honest \"no\" on opt-outs made them trust the rest.\n\n"
        "## What we ask of teams\n\n"
        "1. Respond to every recommendation within three months.\n"
        "2. Tell participants in the language they took part in.\n"
        "3. Publish the response on the register.",
        "body_cy": "Pan ddechreuon ni'r gofrestr ymgysylltu, y maes a lenwyd leiaf gan dimau oedd yr un a oedd "
        "bwysicaf i gyfranogwyr: beth ddigwyddodd nesaf.\n\n"
        "## Cau'r cylch\n\n"
        "Mae pob gweithgaredd cyhoeddedig bellach yn rhestru ei argymhellion, yr ymateb i bob un a'r dyddiad y "
        "dywedwyd wrth gyfranogwyr.\n\n"
        "## Mae dweud na yn iawn\n\n"
        "Nid yw argymhelliad na chaiff ei dderbyn yn fethiant. Mae peidio â'i esbonio yn fethiant.",
        "topics": [Topic.OTHER],
        "date": "2026-04-08",
        "writer": WRITER,
        "authors": [WRITER],
        "status": PUBLISHED,
    },
    {
        "kind": BLOG_POST,
        "title_en": "Five things we learned running deliberative workshops with pupils",
        "title_cy": "Pum peth a ddysgon ni wrth gynnal gweithdai cydgynghorol gyda disgyblion",
        "summary_en": "Pupils aged 11 to 16 weighed up an AI marking assistant with their teachers and parents. "
        "Here is what worked, and what we would do differently.",
        "summary_cy": "Bu disgyblion 11 i 16 oed yn pwyso a mesur cynorthwyydd marcio AI gyda'u hathrawon a'u "
        "rhieni. Dyma beth weithiodd.",
        "body_en": "The Department for Education's workshops in Leeds, Bristol and online were the first time "
        "many of the pupils had been asked about a technology that would judge their work.\n\n"
        "1. **Start with their work, not the technology.** We used real (anonymised) essays and asked pupils "
        "to mark them before showing what the tool suggested.\n"
        "2. **Separate the rooms, then bring them together.** Pupils spoke more freely without their parents, "
        "then enjoyed challenging the adults later.\n"
        "3. **Pay pupils too.** Vouchers, the same as adults.\n"
        "4. **Safeguarding is part of the design.** Two trained staff in every room, and no quotes published.\n"
        "5. **Report back in a form they will read.** A two-page summary went to every school.",
        "topics": [Topic.OTHER],
        "activities": ["ai-marking-deliberative-workshop"],
        "date": "2026-05-12",
        "writer": WRITER,
        "authors": [WRITER, UNNAMED_AUTHOR],
        "status": PUBLISHED,
    },
    {
        "kind": BLOG_POST,
        "title_en": "Paying people for their time: what we pay and why",
        "title_cy": "Talu pobl am eu hamser: beth rydym yn ei dalu a pham",
        "summary_en": "Our rates for public panels, juries and workshops, and how we make sure a payment never "
        "costs someone their benefits.",
        "summary_cy": "Ein cyfraddau ar gyfer paneli cyhoeddus, rheithgorau a gweithdai, a sut rydym yn sicrhau "
        "nad yw taliad byth yn costio budd-daliadau i rywun.",
        "body_en": "People with lived experience are experts, and we pay them as such.\n\n"
        "## Our rates\n\n"
        "- £25 an hour for workshops and panels, with travel and care costs on top\n"
        "- a day rate for citizens' juries\n"
        "- the same rate for young people, paid as vouchers\n\n"
        "## Benefits\n\n"
        "Some payments can affect Universal Credit. We tell people before they agree to take part, offer "
        "vouchers instead of cash, and point them to free advice.\n\n"
        "## Pay promptly\n\n"
        "Within two weeks. A payment that arrives three months late tells people what we think of their time.",
        "topics": [Topic.OFFICIAL_STATISTICS, Topic.OTHER],
        "guidance": [STATISTICS_TITLE],
        "date": "2026-07-21",
        "writer": APPROVER,
        "authors": [APPROVER, "facilitator@example.org"],
        "status": PUBLISHED,
    },
    {
        "kind": BLOG_POST,
        "title_en": "Running a public panel online: a checklist",
        "summary_en": "What to sort out before the first session: devices, data, captions and breaks.",
        "body_en": "## Before the first session\n\n"
        "- Lend devices and data to anyone who needs them.\n"
        "- Turn on live captions, and book a BSL interpreter if anyone asks.\n"
        "- Plan a break every 45 minutes.\n\n"
        "*Draft: add the ONS panel's advice on breakout rooms.*",
        "topics": [Topic.OFFICIAL_STATISTICS],
        "date": None,
        "writer": WRITER,
        "authors": [WRITER],
        "status": DRAFT,
    },
    # Commentary
    {
        "kind": COMMENTARY,
        "title_en": "The Data (Use and Access) Act 2025: where the public fits in",
        "title_cy": "Deddf Data (Defnydd a Mynediad) 2025: lle mae'r cyhoedd yn rhan o bethau",
        "summary_en": "The Act changes how public bodies share and reuse data. It says little about asking the "
        "public. Here is how the National Data Library can fill that gap.",
        "summary_cy": "Mae'r Ddeddf yn newid sut mae cyrff cyhoeddus yn rhannu ac yn ailddefnyddio data. Prin yw'r "
        "hyn y mae'n ei ddweud am ofyn i'r cyhoedd.",
        "body_en": "The Data (Use and Access) Act 2025 makes it easier for public bodies to share data for "
        "research and public services. Easier sharing raises the stakes for public trust.\n\n"
        "## What the Act does not say\n\n"
        "Nothing in the Act requires a public body to ask the people whose data is shared. Good practice has "
        "to come from elsewhere.\n\n"
        "## What the National Data Library can do\n\n"
        "- Involve the public in deciding access rules, as the health and education jury did.\n"
        "- Publish every approved project in plain English.\n"
        "- Go back to the public when the purpose changes.\n\n"
        "Our guidance on data sharing sets out how.",
        "topics": [Topic.DATA_SHARING],
        "guidance": [DATA_SHARING_TITLE],
        "date": "2026-02-16",
        "writer": APPROVER,
        "authors": [APPROVER],
        "status": PUBLISHED,
    },
    {
        "kind": COMMENTARY,
        "title_en": "The new procurement rules are a chance to involve the public earlier",
        "title_cy": "Mae'r rheolau caffael newydd yn gyfle i gynnwys y cyhoedd yn gynharach",
        "summary_en": "The Procurement Act 2023 and, in Wales, the Social Partnership and Public Procurement "
        "(Wales) Act 2023 both reward planning. Participation belongs in that plan.",
        "summary_cy": "Mae Deddf Caffael 2023 a Deddf Partneriaeth Gymdeithasol a Chaffael Cyhoeddus (Cymru) 2023 "
        "ill dwy yn gwobrwyo cynllunio. Mae cyfranogiad yn perthyn i'r cynllun hwnnw.",
        "body_en": "Under the Procurement Act 2023, contracting authorities publish more about their plans, "
        "earlier. That is the moment to involve the people a data or AI system will affect.\n\n"
        "## In Wales\n\n"
        "The Social Partnership and Public Procurement (Wales) Act 2023 expects socially responsible "
        "procurement. Involving workers and their trade unions early is part of meeting that duty.\n\n"
        "## What to do\n\n"
        "Publish your participation plan with your pipeline notice, and say which decisions are still open.",
        "body_cy": "O dan Ddeddf Caffael 2023, mae awdurdodau contractio yn cyhoeddi mwy am eu cynlluniau, yn "
        "gynharach. Dyna'r adeg i gynnwys y bobl y bydd system data neu AI yn effeithio arnynt.\n\n"
        "## Yng Nghymru\n\n"
        "Mae Deddf Partneriaeth Gymdeithasol a Chaffael Cyhoeddus (Cymru) 2023 yn disgwyl caffael sy'n "
        "gymdeithasol gyfrifol. Mae cynnwys gweithwyr a'u hundebau llafur yn gynnar yn rhan o gyflawni'r "
        "ddyletswydd honno.\n\n"
        "## Beth i'w wneud\n\n"
        "Cyhoeddwch eich cynllun cyfranogiad gyda'ch hysbysiad piblinell, a dywedwch pa benderfyniadau sy'n dal "
        "yn agored.",
        "topics": [Topic.PROCUREMENT],
        "guidance": [PROCUREMENT_TITLE],
        "date": "2026-01-27",
        "writer": WRITER,
        "authors": [WRITER],
        "status": PUBLISHED,
    },
    {
        "kind": COMMENTARY,
        "title_en": "Trust in official statistics needs more than accuracy",
        "title_cy": "Mae ymddiriedaeth mewn ystadegau swyddogol angen mwy na chywirdeb",
        "summary_en": "Accurate numbers that measure the wrong thing do not earn trust. Involving the people a "
        "statistic describes helps producers measure what matters.",
        "body_en": "The Code of Practice for Statistics asks producers to understand their users. The public are "
        "users too, and often the subject of the numbers.\n\n"
        "When ONS asked a public panel about online harms, the panel changed what was measured: how serious each "
        "harm was, not only how often it happened. No amount of accuracy would have found that.",
        "topics": [Topic.OFFICIAL_STATISTICS],
        "guidance": [STATISTICS_TITLE],
        "date": "2026-08-25",
        "writer": WRITER,
        "authors": [WRITER],
        "status": PUBLISHED,
    },
    # Consultation responses
    {
        "kind": CONSULTATION_RESPONSE,
        "title_en": PDF_RESPONSE,
        "title_cy": "Ein hymateb i'r cais am dystiolaeth ar y Llyfrgell Ddata Genedlaethol",
        "summary_en": "We asked DSIT to build public participation into how the National Data Library decides who "
        "may use which data, and to publish every decision in plain English.",
        "summary_cy": "Gofynnom i DSIT gynnwys cyfranogiad y cyhoedd yn y ffordd y mae'r Llyfrgell Ddata "
        "Genedlaethol yn penderfynu pwy all ddefnyddio pa ddata.",
        "body_en": "## Summary\n\n"
        "The National Data Library will only keep public support if the public has a say in how it is run.\n\n"
        "## Question 4: governance\n\n"
        "We recommend that every data access committee includes at least two members of the public, trained "
        "and paid, as the health and education data share already does.\n\n"
        "## Question 7: transparency\n\n"
        "Publish a plain-English register of every approved project, with its purpose, the data used and the "
        "expected public benefit.\n\n"
        "## Question 9: changes of purpose\n\n"
        "When a project's purpose changes, go back to the public before approving it.\n\n"
        "## About this response\n\n"
        "This response draws on the citizens' jury on linking health and education data and on pilots of our "
        "guidance on data sharing.",
        "topics": [Topic.DATA_SHARING],
        "projects": ["national-data-library-health-education-share"],
        "guidance": [DATA_SHARING_TITLE],
        "consultation_title": "National Data Library: call for evidence",
        "consultation_department": "Department for Science, Innovation and Technology",
        "consultation_url": "https://www.gov.uk/government/calls-for-evidence/national-data-library-call-for-evidence",
        "consultation_closes_on": "2026-09-30",
        "date": "2026-09-28",
        "writer": WRITER,
        "authors": [WRITER, "orgadmin@example.org"],
        "status": PUBLISHED,
    },
    {
        "kind": CONSULTATION_RESPONSE,
        "title_en": "Our response to the Welsh Government's draft guidance on AI in public services",
        "title_cy": "Ein hymateb i ganllawiau drafft Llywodraeth Cymru ar AI mewn gwasanaethau cyhoeddus",
        "summary_en": "We welcomed the draft and asked for the people affected, and workers through their trade "
        "unions, to be involved before an AI system is bought, not after.",
        "summary_cy": "Croesawon ni'r drafft a gofyn i'r bobl yr effeithir arnynt, a gweithwyr drwy eu hundebau "
        "llafur, gael eu cynnwys cyn prynu system AI, nid wedyn.",
        "body_en": "## Summary\n\n"
        "We welcome the draft guidance, and in particular its commitment to social partnership.\n\n"
        "## Involve people before buying\n\n"
        "The draft asks public bodies to assess an AI system's impact once it has been chosen. By then most "
        "decisions are fixed. Ask people before the specification is written.\n\n"
        "## Welsh language\n\n"
        "Participation should be offered in Welsh and English from the start, not translated afterwards.",
        "body_cy": "## Crynodeb\n\n"
        "Rydym yn croesawu'r canllawiau drafft, ac yn enwedig eu hymrwymiad i bartneriaeth gymdeithasol.\n\n"
        "## Cynnwys pobl cyn prynu\n\n"
        "Mae'r drafft yn gofyn i gyrff cyhoeddus asesu effaith system AI unwaith y bydd wedi'i dewis. Erbyn hynny "
        "mae'r rhan fwyaf o benderfyniadau wedi'u pennu. Gofynnwch i bobl cyn ysgrifennu'r fanyleb.\n\n"
        "## Y Gymraeg\n\n"
        "Dylid cynnig cyfranogiad yn Gymraeg ac yn Saesneg o'r dechrau, nid ei gyfieithu wedyn.",
        "topics": [Topic.PROCUREMENT],
        "guidance": [PROCUREMENT_TITLE],
        "consultation_title": "Draft guidance on the use of artificial intelligence in Welsh public services",
        "consultation_department": "Welsh Government",
        "consultation_url": "https://www.gov.wales/consultations",
        "consultation_closes_on": "2026-07-10",
        "date": "2026-07-08",
        "writer": APPROVER,
        "authors": [APPROVER, "facilitator@example.org"],
        "status": PUBLISHED,
    },
    {
        "kind": CONSULTATION_RESPONSE,
        "title_en": "Our response to the review of the Code of Practice for Statistics",
        "title_cy": "Ein hymateb i'r adolygiad o'r Cod Ymarfer ar gyfer Ystadegau",
        "summary_en": "We asked for the Code to say plainly that the public are users of statistics, and that "
        "producers should involve them when a statistic is created or changed.",
        "body_en": "## Summary\n\n"
        "The Code already asks producers to engage users. We suggest it names the public, including people "
        "with lived experience of what a statistic measures, as users to be involved.\n\n"
        "## Evidence\n\n"
        "Pilots of our guidance on official statistics found that involving the public changed what was "
        "measured, not only how results were presented.",
        "topics": [Topic.OFFICIAL_STATISTICS],
        "guidance": [STATISTICS_TITLE],
        "consultation_title": "Review of the Code of Practice for Statistics",
        "consultation_department": "Office for Statistics Regulation",
        "consultation_url": "https://osr.statisticsauthority.gov.uk/",
        "consultation_closes_on": "2025-11-28",
        "date": "2025-11-26",
        "writer": WRITER,
        "authors": [WRITER, "editor@example.org"],
        "status": PUBLISHED,
    },
    # Event write-ups
    {
        "kind": EVENT_WRITE_UP,
        "title_en": "What we heard at the National Data Library public dialogue day",
        "title_cy": "Yr hyn a glywsom yn niwrnod deialog cyhoeddus y Llyfrgell Ddata Genedlaethol",
        "summary_en": "Sixty members of the public, researchers and officials spent a day on one question: what "
        "would make you comfortable with your data being in the National Data Library?",
        "summary_cy": "Treuliodd trigain o aelodau'r cyhoedd, ymchwilwyr a swyddogion ddiwrnod ar un cwestiwn.",
        "body_en": "## Three things people asked for\n\n"
        "1. A say in who gets access, not only a notice afterwards.\n"
        "2. Plain-English descriptions of every project.\n"
        "3. A clear line on commercial use.\n\n"
        "## What happens next\n\n"
        "DSIT will respond to each point in its response to the call for evidence.",
        "topics": [Topic.DATA_SHARING],
        "guidance": [DATA_SHARING_TITLE],
        "date": "2026-09-24",
        "writer": APPROVER,
        "authors": [APPROVER],
        "status": PUBLISHED,
    },
    {
        "kind": EVENT_WRITE_UP,
        "title_en": "What trade unionists told us about AI at work",
        "title_cy": "Yr hyn a ddywedodd undebwyr llafur wrthym am AI yn y gwaith",
        "summary_en": "Notes from our workshop at the Wales TUC conference on technology in the workplace.",
        "summary_cy": "Nodiadau o'n gweithdy yng nghynhadledd TUC Cymru ar dechnoleg yn y gweithle.",
        "body_en": "Forty union representatives from health, local government and the civil service joined our "
        "workshop.\n\n"
        "- Most had not been consulted before an AI system arrived at their workplace.\n"
        "- Monitoring, not automation, was the biggest worry.\n"
        "- Reps want a seat at the table when requirements are written.",
        "body_cy": "Ymunodd deugain o gynrychiolwyr undebau o iechyd, llywodraeth leol a'r gwasanaeth sifil â'n "
        "gweithdy.\n\n"
        "- Nid oedd y rhan fwyaf wedi cael eu hymgynghori cyn i system AI gyrraedd eu gweithle.\n"
        "- Monitro, nid awtomeiddio, oedd y pryder mwyaf.\n"
        "- Mae cynrychiolwyr eisiau lle wrth y bwrdd pan ysgrifennir gofynion.",
        "topics": [Topic.PROCUREMENT],
        "guidance": [PROCUREMENT_TITLE],
        "date": "2026-06-18",
        "writer": WRITER,
        "authors": [WRITER, "facilitator@example.org"],
        "status": PUBLISHED,
    },
    {
        "kind": EVENT_WRITE_UP,
        "title_en": "Panel notes: can the public shape official statistics?",
        "summary_en": "Our contribution to a panel at the Royal Statistical Society conference, with the slides.",
        "body_en": "We argued that involving the public is part of producing trustworthy statistics, and gave "
        "the ONS online harms panel as an example.\n\n"
        "Questions from the floor were mostly practical: how to recruit, how much to pay, and how to report "
        "back without identifying anyone. Our guidance answers each.",
        "topics": [Topic.OFFICIAL_STATISTICS],
        "guidance": [STATISTICS_TITLE],
        "date": "2026-09-10",
        "writer": APPROVER,
        "authors": [APPROVER],
        "status": PUBLISHED,
    },
]  # fmt: skip

# Events before the demo's "now" have fixed dates; upcoming ones are this many days after seeding.
OUTREACH_EVENTS = [
    {
        "slug": "national-data-library-public-dialogue-day",
        "title_en": "National Data Library public dialogue day",
        "title_cy": "Diwrnod deialog cyhoeddus y Llyfrgell Ddata Genedlaethol",
        "description_en": "A day of discussion between members of the public, researchers and DSIT officials.",
        "description_cy": "Diwrnod o drafod rhwng aelodau'r cyhoedd, ymchwilwyr a swyddogion DSIT.",
        "starts_on": "2026-09-17",
        "host": "Connected by Data with the Department for Science, Innovation and Technology",
        "location": "Birmingham",
        "role": OutreachRole.HOST,
        "topics": [Topic.DATA_SHARING],
        "write_up": "What we heard at the National Data Library public dialogue day",
    },
    {
        "slug": "wales-tuc-technology-at-work-conference",
        "title_en": "Wales TUC conference: technology at work",
        "title_cy": "Cynhadledd TUC Cymru: technoleg yn y gwaith",
        "description_en": "We ran a workshop on involving workers in buying AI systems.",
        "description_cy": "Cynhalion ni weithdy ar gynnwys gweithwyr wrth brynu systemau AI.",
        "starts_on": "2026-06-11",
        "host": "Wales TUC",
        "location": "Cardiff",
        "role": OutreachRole.WORKSHOP,
        "url": "https://www.tuc.org.uk/wales",
        "slides_url": "https://connectedbydata.org/resources/wales-tuc-workshop-slides",
        "topics": [Topic.PROCUREMENT],
        "write_up": "What trade unionists told us about AI at work",
    },
    {
        "slug": "royal-statistical-society-conference-panel",
        "title_en": "Royal Statistical Society conference: public participation panel",
        "description_en": "A panel on involving the public in producing official statistics.",
        "starts_on": "2026-09-07",
        "ends_on": "2026-09-10",
        "host": "Royal Statistical Society",
        "location": "Bournemouth",
        "role": OutreachRole.PANEL,
        "url": "https://rss.org.uk/training-events/conference/",
        "topics": [Topic.OFFICIAL_STATISTICS],
        "write_up": "Panel notes: can the public shape official statistics?",
    },
    {
        "slug": "lga-data-and-ai-in-councils-webinar",
        "title_en": "Local Government Association webinar: data and AI in councils",
        "description_en": "We spoke about involving residents before councils buy AI tools.",
        "starts_on": "2026-03-18",
        "host": "Local Government Association",
        "location": "Online",
        "role": OutreachRole.SPEAKER,
        "url": "https://www.local.gov.uk/events",
        "slides_url": "https://connectedbydata.org/resources/lga-webinar-slides",
        "topics": [Topic.PROCUREMENT],
    },
    {
        "slug": "welsh-public-sector-ai-network",
        "title_en": "Welsh public sector AI network",
        "title_cy": "Rhwydwaith AI sector cyhoeddus Cymru",
        "description_en": "A talk on what the social care data events taught us about asking in Welsh.",
        "description_cy": "Sgwrs am yr hyn a ddysgodd y digwyddiadau data gofal cymdeithasol i ni am ofyn yn "
        "Gymraeg.",
        "days_ahead": 10,
        "host": "Welsh Government",
        "location": "Aberystwyth",
        "role": OutreachRole.SPEAKER,
        "topics": [Topic.DATA_SHARING],
    },
    {
        "slug": "participation-in-procurement-practitioner-workshop",
        "title_en": "Public participation in procurement: a practitioner workshop",
        "title_cy": "Cyfranogiad y cyhoedd mewn caffael: gweithdy i ymarferwyr",
        "description_en": "A half-day workshop for commercial teams on turning what people said into evaluation "
        "criteria.",
        "days_ahead": 38,
        "host": "Connected by Data",
        "location": "Online",
        "role": OutreachRole.HOST,
        "url": "https://connectedbydata.org/events",
        "topics": [Topic.PROCUREMENT],
    },
    {
        "slug": "statistics-user-forum-public-engagement",
        "title_en": "Statistics User Forum: engaging the public",
        "description_en": "A panel on how producers can involve the public in new official statistics.",
        "days_ahead": 75,
        "days_long": 1,
        "host": "Statistics User Forum",
        "location": "London",
        "role": OutreachRole.PANEL,
        "topics": [Topic.OFFICIAL_STATISTICS],
    },
]  # fmt: skip


class PublicationSeeder:
    def __init__(self):
        emails = {WRITER, APPROVER, UNNAMED_AUTHOR, CASE_STUDY_FROM_ACTIVITY["writer"]}
        for spec in [*PUBLICATIONS, CASE_STUDY_FROM_ACTIVITY]:
            emails.update(spec["authors"])
        self.users = {user.email: user for user in User.objects.filter(email__in=emails)}
        self.new = 0

    def run(self) -> int:
        with transaction.atomic():
            for spec in PUBLICATIONS:
                self.publication(spec)
            self.case_study_from_activity(CASE_STUDY_FROM_ACTIVITY)
            self.events()
        return self.new

    def _reviewer_for(self, writer: User) -> User:
        # The two-person rule: whichever demo guidance editor did not start it reviews it.
        return self.users[APPROVER] if writer.email == WRITER else self.users[WRITER]

    def _links(self, spec: dict) -> dict:
        links = {}
        if spec.get("activities"):
            links["activities"] = list(Activity.objects.filter(slug__in=spec["activities"]))
        if spec.get("projects"):
            links["projects"] = list(Project.objects.filter(slug__in=spec["projects"]))
        if spec.get("guidance"):
            links["related_guidance"] = list(GuidanceDocument.objects.filter(title_en__in=spec["guidance"]))
        return links

    def publication(self, spec: dict) -> None:
        if Publication.objects.filter(title_en=spec["title_en"]).exists():
            return
        writer = self.users[spec["writer"]]
        fields = {name: spec[name] for name in publication_service.PUBLICATION_FIELDS if spec.get(name)}
        if spec.get("consultation_closes_on"):
            fields["consultation_closes_on"] = date.fromisoformat(spec["consultation_closes_on"])
        if spec["date"]:
            fields["publication_date"] = date.fromisoformat(spec["date"])
        publication = publication_service.create_publication(
            created_by=writer,
            authors=[self.users[email] for email in spec["authors"]],
            **fields,
            **self._links(spec),
        )
        self.review(publication, spec, writer)

    def case_study_from_activity(self, spec: dict) -> None:
        """The one-step case study: drafted from the register, then finished and sent through review."""
        activity = Activity.objects.get(slug=spec["activity"])
        if Publication.objects.filter(kind=CASE_STUDY, activities=activity).exists():
            return
        writer = self.users[spec["writer"]]
        publication = publication_service.draft_case_study(activity=activity, created_by=writer)
        publication = publication_service.update_publication(
            publication=publication,
            updated_by=writer,
            title_en=spec["title_en"],
            title_cy=spec["title_cy"],
            summary_en=spec["summary_en"],
            summary_cy=spec["summary_cy"],
            topics=spec["topics"],
            publication_date=date.fromisoformat(spec["date"]),
            **self._links(spec),
        )
        publication_service.set_authors(publication=publication, users=[self.users[e] for e in spec["authors"]])
        self.review(publication, spec, writer)

    def review(self, publication: Publication, spec: dict, writer: User) -> None:
        self.new += 1
        for author in publication.authors.filter(user__email=UNNAMED_AUTHOR):
            publication_service.set_named(author=author, user=author.user, is_named=False)
        if spec["status"] == DRAFT:
            return
        reviewer = self._reviewer_for(writer)
        review.submit(publication, by=writer, notify=False)
        if spec["status"] == IN_REVIEW:
            if spec.get("comment"):
                review.add_comment(publication, by=reviewer, body=spec["comment"])
            self._backdate(publication, submitted=_noon(spec["date"]))
            return
        review.approve(publication, by=reviewer)
        publication = review.publish_now(publication, by=reviewer, notify=False)
        when = _noon(spec["date"])
        self._backdate(publication, submitted=when - timedelta(days=6), approved=when - timedelta(days=1),
                       published=when)  # fmt: skip
        if publication.title_en == PDF_RESPONSE:
            self.render_pdf(publication)

    def _backdate(self, publication: Publication, *, submitted, approved=None, published=None) -> None:
        """The services stamp everything 'now'; the demo's publications are spread over the past year."""
        values = {"created_at": submitted - timedelta(days=10), "updated_at": published or approved or submitted,
                  "submitted_at": submitted}  # fmt: skip
        if approved:
            values["approved_at"] = approved
        if published:
            values["published_at"] = published
        Publication.objects.filter(pk=publication.pk).update(**values)

    def render_pdf(self, publication: Publication) -> None:
        """Render the English PDF now, so the demo shows a ready download without a worker running."""
        pdf = pdfs.request_publication_pdf(publication=publication, language="en")
        if pdf.status != PublicationPDF.Status.DONE:
            pdfs.render_stored_pdf(kind=pdfs.PUBLICATION.name, pdf_id=pdf.pk)

    def events(self) -> None:
        today = timezone.localdate()
        for spec in OUTREACH_EVENTS:
            if OutreachEvent.objects.filter(slug=spec["slug"]).exists():
                continue
            if "days_ahead" in spec:
                starts_on = today + timedelta(days=spec["days_ahead"])
                ends_on = starts_on + timedelta(days=spec["days_long"]) if spec.get("days_long") else None
            else:
                starts_on = date.fromisoformat(spec["starts_on"])
                ends_on = date.fromisoformat(spec["ends_on"]) if spec.get("ends_on") else None
            event = OutreachEvent.objects.create(
                slug=spec["slug"],
                title_en=spec["title_en"],
                title_cy=spec.get("title_cy", ""),
                description_en=spec.get("description_en", ""),
                description_cy=spec.get("description_cy", ""),
                starts_on=starts_on,
                ends_on=ends_on,
                host=spec["host"],
                location=spec.get("location", ""),
                role=spec["role"],
                url=spec.get("url", ""),
                slides_url=spec.get("slides_url", ""),
                topics=spec["topics"],
                write_up=Publication.objects.filter(title_en=spec.get("write_up", "")).first(),
                created_by=self.users[WRITER],
            )
            record_audit(actor=self.users[WRITER], action="guidance.event.created", target=event)
            self.new += 1


def seed_publications() -> int:
    """Create the demo publications and outreach events; returns how many were new (0 on a second run).
    Needs the demo guidance and engagement register, which they link to."""
    return PublicationSeeder().run()
