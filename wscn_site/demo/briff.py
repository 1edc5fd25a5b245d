"""Demo Briff issues for ``make run``: two published issues (public and members-only items, one of
them confidential) and a draft, written through the editor's own operations so that revisions and
audit entries are kept as if a member of staff had written them. The news comes from the
Network's January 2022 report; titles say "(demo)" / "(enghraifft)" like the other demo data."""
from datetime import timedelta

import sqlalchemy as sa

from .. import clock
from ..briff import operations
from ..extensions import db
from ..models import BriffIssue, Topic


def _item(topics, title, body, topic=None, visibility="public", confidential=False):
    """One item's values: ``title`` and ``body`` are (English, Welsh)."""
    return {"title_en": title[0], "title_cy": title[1], "body_en": body[0], "body_cy": body[1], "link": None,
            "topic_id": topics[topic].id if topic else None, "visibility": visibility,
            "confidential": confidential}


def _issues(topics):
    """(number, weeks ago, publish?, [items]) for each demo issue."""
    return [
        (1, 3, True, [
            _item(topics, ("Three surveys: what practitioners told us (demo)",
                           "Tri arolwg: yr hyn a ddywedodd ymarferwyr wrthym (enghraifft)"),
                  ("The Network has carried out three surveys: of **anti-social behaviour practitioners**, a "
                   "baseline survey of community safety priorities, and a survey to understand the profile of "
                   "the community safety workforce. Thank you to everyone who took part.",
                   "Mae'r Rhwydwaith wedi cynnal tri arolwg: o **ymarferwyr ymddygiad gwrthgymdeithasol**, "
                   "arolwg sylfaenol o flaenoriaethau diogelwch cymunedol, ac arolwg i ddeall proffil y "
                   "gweithlu diogelwch cymunedol. Diolch i bawb a gymerodd ran."),
                  topic="anti-social-behaviour"),
            _item(topics, ("Draft response on 20mph speed limits: comments welcome (demo)",
                           "Ymateb drafft ar derfynau cyflymder 20mya: croeso i sylwadau (enghraifft)"),
                  ("Members can read the Network's draft response to the consultation on 20mph speed limits "
                   "and send comments to the Network team before it is submitted.",
                   "Gall aelodau ddarllen ymateb drafft y Rhwydwaith i'r ymgynghoriad ar derfynau cyflymder "
                   "20mya ac anfon sylwadau at dîm y Rhwydwaith cyn ei gyflwyno."),
                  visibility="members"),
        ]),
        (2, 1, True, [
            _item(topics, ("Serious Violence Duty: working with partners (demo)",
                           "Y Ddyletswydd Trais Difrifol: gweithio gyda phartneriaid (enghraifft)"),
                  ("The Network is working with Welsh and UK Government and with community safety practitioners, "
                   "through the Wales Association of Community Safety Officers (WACSO), on how the Serious "
                   "Violence Duty will work in Wales.",
                   "Mae'r Rhwydwaith yn gweithio gyda Llywodraeth Cymru a Llywodraeth y DU a chydag ymarferwyr "
                   "diogelwch cymunedol, drwy Gymdeithas Swyddogion Diogelwch Cymunedol Cymru (WACSO), ar sut "
                   "y bydd y Ddyletswydd Trais Difrifol yn gweithio yng Nghymru."),
                  topic="serious-violence"),
            _item(topics, ("IOM Cymru briefing now in the resource library (demo)",
                           "Papur briffio IOM Cymru bellach yn y llyfrgell adnoddau (enghraifft)"),
                  ("A new confidential briefing from IOM Cymru on integrated offender management is in the "
                   "members' resource library.",
                   "Mae papur briffio cyfrinachol newydd gan IOM Cymru ar reoli troseddwyr mewn modd integredig "
                   "yn llyfrgell adnoddau'r aelodau."),
                  topic="iom-cymru", visibility="members"),
            _item(topics, ("Prevent Duty: the Network's draft consultation response (demo)",
                           "Dyletswydd Prevent: ymateb drafft y Rhwydwaith i'r ymgynghoriad (enghraifft)"),
                  ("The draft response co-ordinated by the Network on the Prevent Duty is ready for members' "
                   "comments. Please do not share it outside your organisation.",
                   "Mae'r ymateb drafft ar Ddyletswydd Prevent a gydlynwyd gan y Rhwydwaith yn barod i "
                   "aelodau roi sylwadau arno. Peidiwch â'i rannu y tu allan i'ch sefydliad."),
                  topic="prevent-contest", visibility="members", confidential=True),
        ]),
        (3, 0, False, [
            _item(topics, ("Podcasts, seminars and workshops this winter (demo)",
                           "Podlediadau, seminarau a gweithdai'r gaeaf hwn (enghraifft)"),
                  ("The Network shares knowledge and learning on key issues through podcasts, seminars and "
                   "workshops. Dates for this winter will follow.",
                   "Mae'r Rhwydwaith yn rhannu gwybodaeth a dysgu ar faterion allweddol drwy bodlediadau, "
                   "seminarau a gweithdai. Bydd dyddiadau'r gaeaf hwn yn dilyn.")),
        ]),
    ]


def load_briff(author):
    """Create the demo issues once (nothing happens when any issue exists already)."""
    if db.session.execute(sa.select(BriffIssue.id).limit(1)).first() is not None:
        return
    topics = {topic.slug: topic for topic in db.session.execute(sa.select(Topic)).scalars()}
    today = clock.today()
    for number, weeks_ago, publish, items in _issues(topics):
        issue = operations.create_issue(number, today - timedelta(weeks=weeks_ago), author)
        for values in items:
            operations.save_item(issue, values, author)
        if publish:
            operations.publish_now(issue, author)
