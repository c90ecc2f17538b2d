"""The cue lexicon of the sub-event classifier: weighted patterns per ACLED / CASE class.

Hand-written from ACLED's sub-event definitions (what distinguishes a shelling from an air strike,
a peaceful protest from one with intervention) because no maintained library codes news text into
ACLED classes offline. The weights encode specificity: a cue that only one class uses ("suicide
bomber", "chlorine") outweighs a generic one ("attack", "killed") that many classes share, so the sum
of matched weights picks the most specific reading. Patterns match lower-cased text.
"""

from __future__ import annotations

import re

__all__ = ["CUES", "EVENT_TRIGGER", "compiled_cues", "required_literal"]

# (pattern, weight); \b word boundaries keep "arms" out of "farms", stems keep inflections in.
CUES: dict[str, list[tuple[str, float]]] = {
    "ARMED_CLASH": [
        (r"\bclash(es|ed)?\b", 2.0),
        (r"\bfighting\b", 1.5),
        (r"\bfought\b", 1.5),
        (r"\bbattl(e|es|ed|ing)\b", 1.5),
        (r"\bgun ?battle", 2.5),
        (r"\bexchange[sd]? of fire\b", 2.5),
        (r"\bexchanged fire\b", 2.5),
        (r"\bfirefight", 2.5),
        (r"\boffensive\b", 1.5),
        (r"\bskirmish", 2.5),
        (r"\bambush(ed)?\b", 2.0),
        (r"\bencounter\b", 1.0),
        (r"\badvanc\w*", 1.0),
        (r"\bcounter-?attack", 1.5),
        (r"\bengaged\b", 1.0),
        (r"\b(troops|soldiers|forces|militants|rebels|fighters|insurgents)\b", 0.5),
        (
            r"\battack(ed|s)? (an? |the )?(army|military|police|security|government) "
            r"(post|base|checkpoint|camp|convoy|positions?)",
            2.0,
        ),
    ],
    "GOV_REGAINS_TERIT": [
        (r"\b(recaptur|retak|retook|regain|liberat|reclaim)\w*", 2.5),
        (r"\bback under (the )?control\b", 2.5),
        (r"\b(army|troops|government forces|military|soldiers)\b[^.]{0,60}\b(captur|took control|seiz)\w*", 1.5),
        (r"\bcleared\b[^.]{0,40}\bof (militants|insurgents|rebels|terrorists)", 2.5),
    ],
    "NON_STATE_ACTOR_OVERTAKES_TER": [
        (r"\b(captur|seiz|overr[au]n|took over|taken over|take over|takeover|overtook)\w*", 1.5),
        (r"\b(took|take|taken|takes|seized|gained|gain) (full )?control (of|over)\b", 2.0),
        (r"\bfell to\b", 2.5),
        (r"\bpushed out\b", 1.5),
        (r"\bdrove out\b", 1.5),
        (
            r"\b(militants|rebels|insurgents|jihadists|isis|is fighters|taliban|al-shabaab|boko haram|"
            r"houthis?|terrorists)\b",
            0.5,
        ),
    ],
    "CHEM_WEAP": [
        (r"\bchemical (weapon|attack|agent|munition)", 4.0),
        (r"\bchlorine\b", 4.0),
        (r"\bsarin\b", 4.0),
        (r"\bmustard gas\b", 4.0),
        (r"\btoxic (gas|chemical|substance)", 3.5),
        (r"\bnerve agent", 4.0),
        (r"\bpoison(ous)? gas\b", 4.0),
    ],
    "AIR_STRIKE": [
        (r"\bair ?strikes?\b", 3.5),
        (r"\bairstrikes?\b", 3.5),
        (r"\bair raids?\b", 3.5),
        (r"\bdrone strikes?\b", 3.5),
        (r"\bwarplanes?\b", 3.0),
        (r"\bjets?\b", 1.5),
        (r"\bfighter jets?\b", 3.0),
        (r"\bhelicopters?\b", 1.5),
        (r"\bbombard\w*", 1.0),
        (r"\bdrones?\b", 2.0),
        (r"\baerial (bomb|attack|strike)", 3.0),
        (r"\b(barrel|cluster) bombs?\b", 2.5),
        (r"\bgunships?\b", 2.5),
        (r"\bair force\b", 2.0),
        (r"\bbombed\b", 1.0),
        (r"\bsorties?\b", 2.0),
        (r"\bcoalition (aircraft|planes?)\b", 3.0),
    ],
    "SUIC_BOMB": [
        (r"\bsuicide\b", 4.0),
        (r"\bsuicide (bomb|attack|car|vest|belt)\w*", 2.0),
        (r"\bblew (himself|herself|themselves) up\b", 5.0),
        (r"\bself-detonat", 4.0),
        (r"\bexplosives?-?(laden|packed)? vest", 3.0),
        (r"\bvbied\b", 2.0),
    ],
    "ART_MISS_ATTACK": [
        (r"\bshell(ing|ed|s)?\b", 3.0),
        (r"\bartillery\b", 3.0),
        (r"\bmortars?\b", 3.0),
        (r"\brockets?\b", 2.5),
        (r"\bmissiles?\b", 2.5),
        (r"\bprojectiles?\b", 2.5),
        (r"\bkatyusha", 3.0),
        (r"\bhowitzer", 3.0),
        (r"\bshells\b", 1.0),
        (r"\bbombard\w*", 1.5),
        (r"\bfired\b[^.]{0,30}\b(at|into|on|toward)\b", 0.5),
        (r"\btank (fire|shells?|rounds?)\b", 2.5),
        (r"\brpgs?\b", 1.5),
    ],
    "REM_EXPLOS": [
        (r"\bied\b", 4.0),
        (r"\bieds\b", 4.0),
        (r"\bimprovised explosive", 4.0),
        (r"\broadside bomb", 4.0),
        (r"\blandmines?\b", 4.0),
        (r"\b(land)? ?mines? (blast|explosion|exploded|went off)", 3.0),
        (r"\bcar bomb", 3.0),
        (r"\bbomb (blast|explosion|exploded|went off)", 2.5),
        (r"\bexplosive device", 3.5),
        (r"\bbomb\w* (planted|hidden|attached)", 3.5),
        (r"\b(blast|explosion)\b", 1.5),
        (r"\bexploded\b", 1.5),
        (r"\bdetonat\w*", 1.5),
        (r"\bsticky bomb", 4.0),
        (r"\bmagnetic bomb", 4.0),
        (r"\bbomb(s|ing)?\b", 1.0),
        (r"\b(booby|booby-)trap", 3.5),
        (r"\bstepped on\b", 2.0),
    ],
    "GRENADE": [
        (r"\bgrenades?\b", 5.0),
        (r"\bhand-?grenade", 2.0),
        (r"\bhurled\b", 1.0),
        (r"\blobbed\b", 2.0),
    ],
    "PEACE_PROTEST": [
        (r"\bprotest(s|ed|ing|ers|ors)?\b", 2.0),
        (r"\bdemonstrat(ion|ions|ors|ed|ing)\b", 2.0),
        (r"\brall(y|ies|ied)\b", 2.0),
        (r"\bmarch(ed|es|ing)?\b(?!\s+\d)", 1.5),
        (r"\bsit-?in\b", 2.5),
        (r"\bhunger strike", 3.0),
        (r"\bgathered\b", 1.0),
        (r"\bplacards?\b", 2.0),
        (r"\bbanners?\b", 1.5),
        (r"\bslogans?\b", 1.5),
        (r"\bchant\w*", 1.5),
        (r"\bpeaceful(ly)?\b", 1.5),
        (r"\bvigil\b", 2.0),
        (r"\b(went|go|going) on strike\b", 2.5),
        (r"\bstrik(e|ing) (workers|teachers|doctors|employees)", 2.0),
        (r"\bwalk-?out\b", 2.0),
        (r"\bblockad\w*", 1.0),
        (r"\bdemand(ed|ing)\b", 1.0),
    ],
    "PROTEST_WITH_INTER": [
        (r"\bdispers(e|ed|ing)\b", 3.0),
        (r"\btear ?gas\b", 2.5),
        (r"\bwater ?cannon", 2.5),
        (r"\b(police|security forces)\b[^.]{0,60}\b(detain|arrest|stopp|block|prevent)\w*", 1.5),
        (r"\bbaton[- ]charg\w*", 2.5),
        (r"\bpushed back\b", 1.5),
        (r"\brubber bullets?\b", 1.5),
        (r"\blathi[- ]?charg\w*", 2.5),
        (r"\bbroke up\b", 2.5),
        (r"\bcrackdown\b", 1.0),
    ],
    "FORCE_AGAINST_PROTEST": [
        (r"\b(protesters|demonstrators|protestors)\b[^.]{0,80}\b(killed|shot dead|shot|died|wounded|injured)\b", 3.0),
        (
            r"\b(killed|shot dead|shot|opened fire on|fired on|wounded|injured)\b[^.]{0,60}"
            r"\b(protesters|demonstrators|protestors)\b",
            3.0,
        ),
        (r"\blive (ammunition|rounds|fire|bullets)\b", 3.0),
        (r"\bopened fire\b", 1.5),
        (r"\bbrutal(ly)?\b", 1.0),
        (r"\bexcessive force\b", 3.0),
        (r"\bmassacre\b", 0.5),
    ],
    "VIOL_DEMONSTR": [
        # "riot police" and "riot gear" are the police's equipment, not a riot (each of our sentences
        # with them is a protest the police dispersed)
        (r"\briot(s|ed|ers|ing)?\b(?![- ](polic\w+|gear|squads?|units?|control|shields?|officers))", 3.0),
        (
            r"\b(threw|throwing|hurled|pelted|hurling|pelting) (stones|rocks|bricks|"
            r"petrol bombs|molotov|projectiles|objects|bottles|fireworks)",
            3.0,
        ),
        # the passive of the same: "projectiles were thrown at police"
        (r"\b(stones|rocks|bricks|bottles|projectiles|objects|petrol bombs|fireworks) (were |had been )?"
         r"(thrown|hurled) at\b", 3.0),
        (r"\bpelt(ed|ing)\b", 1.5),
        (r"\bstone[- ]pelting\b", 3.0),
        (r"\bvandali[sz]\w*", 2.0),
        (r"\btorch(ed|ing)\b", 1.5),
        (r"\bset (fire|ablaze|on fire)\b", 1.0),
        (r"\bmolotov", 3.0),
        (r"\bprotesters?\b[^.]{0,60}\b(clash|attack|burn|torch|stormed|smash|broke into)\w*", 2.5),
        (r"\b(turn|turns|turned|turning) (very |increasingly )?violent\b", 3.0),
        (r"\bviolent (protest|demonstration)", 3.0),
        (r"\bunrest\b", 1.0),
        (r"\bburn(ing|ed|t) (tyres|tires|vehicles|cars)", 2.5),
        (r"\bclash(ed|es)? with (the )?(police|security|officers)", 2.0),
    ],
    "MOB_VIOL": [
        (r"\bmob\b", 3.5),
        (r"\blynch\w*", 4.0),
        (r"\bvigilante", 2.5),
        (r"\bangry (crowd|villagers|residents)", 3.0),
        (r"\bbeat(en)? to death\b", 2.0),
        (r"\bcommunal (clash|violence)", 2.0),
        (r"\bsectarian (clash|violence)", 1.5),
        (r"\b(villagers|residents|crowd|locals)\b[^.]{0,40}\b(attacked|beat|lynched|assaulted)\b", 2.5),
    ],
    "AGREEMENT": [
        (r"\bagree(d|ment|ments)?\b", 2.5),
        (r"\bceasefire\b", 2.5),
        (r"\bcease-fire\b", 2.5),
        (r"\btruce\b", 3.0),
        (r"\bpeace (deal|accord|agreement|treaty|talks)\b", 3.0),
        (r"\bsigned\b", 1.5),
        (r"\bdeal\b", 1.5),
        (r"\bprisoner (swap|exchange)", 3.0),
        (r"\bmemorandum of understanding\b", 3.0),
        (r"\baccord\b", 2.0),
        (r"\breconcil\w*", 2.0),
        (r"\bnegotiat\w*", 1.0),
        (r"\barmistice\b", 3.0),
    ],
    "ARREST": [
        (r"\barrest(s|ed|ing)?\b", 3.5),
        (r"\bdetain(ed|s|ing)?\b", 2.5),
        (r"\bin custody\b", 2.0),
        (r"\bapprehend\w*", 3.0),
        (r"\btaken into custody\b", 3.0),
        (r"\brounded up\b", 2.5),
        (r"\bnabbed\b", 3.0),
        (r"\bdetention\b", 1.5),
        (r"\bheld for questioning\b", 3.0),
        (r"\bcrackdown\b", 1.0),
        (r"\braid(s|ed)?\b", 1.0),
    ],
    "CHANGE_TO_GROUP_ACT": [
        (r"\b(joined|join|defect\w*|merg\w*|split from|pledged allegiance|new leader|appointed|recruit\w*)\b", 1.5),
        (r"\b(deploy\w*|redeploy\w*|reinforcements?|mobili[sz]\w*|relocat\w*)\b", 2.0),
        (r"\bcurfew\b", 2.0),
        (r"\b(moved|moving) (its |their )?(forces|troops|fighters|units)\b", 2.5),
        (r"\bregroup\w*", 2.5),
        (r"\b(arrived|arriving) from\b", 1.5),
        (r"\bwithdr[ae]w\w*\b", 1.0),
        (r"\bdisband\w*", 2.5),
        (r"\b(announced|launched) (a |the )?(new )?(group|movement|militia|wing|campaign)", 1.5),
        (r"\bbann(ed|ing) (the |all )?(group|party|organi[sz]ation|rallies|gatherings)", 2.0),
        (r"\blockdown\b", 1.0),
        (r"\bsurrender\w*", 1.0),
        (r"\btraining camp\b", 1.0),
        (r"\bdrill(s)?\b", 1.0),
        (r"\bexercises\b", 1.0),
        (r"\bstate of emergency\b", 2.0),
    ],
    "DISR_WEAP": [
        (r"\bdefus\w*", 4.0),
        (r"\bdismantl\w*", 2.0),
        (r"\bbomb (disposal|squad)", 3.5),
        (
            r"\b(seiz|recover|confiscat|found|discover|unearth)\w*\b[^.]{0,60}\b(weapons?|arms|ammunition|explosives?|"
            r"cache|rifles|guns|grenades|rockets|detonators|ieds?|bombs?|mines?)\b",
            3.5,
        ),
        (r"\b(weapons?|arms|ammunition) (cache|depot|haul)", 3.0),
        (r"\bcache\b", 1.5),
        (r"\bintercept\w*", 3.0),
        (r"\bshot down\b", 3.0),
        (r"\bdowned\b", 2.5),
        (r"\bfoil\w*", 3.0),
        (r"\bthwart\w*", 3.0),
        (r"\bdestroyed (an? |the )?(drone|rocket|missile)", 2.0),
        (r"\bdefuse", 2.0),
        (r"\bcontrolled explosion", 3.0),
        (r"\bair defen[cs]e", 2.0),
        (r"\bneutrali[sz]ed\b", 1.0),
    ],
    "HQ_ESTABLISHED": [
        (r"\b(set|setting|sets) up\b[^.]{0,40}\b(base|headquarters|camp|outpost|post|office|checkpoint)", 4.0),
        (r"\bestablish\w*\b[^.]{0,40}\b(base|headquarters|camp|outpost|post|presence|office|checkpoints?)\b", 4.0),
        (r"\bheadquarters\b", 1.5),
        (r"\bnew (base|outpost|camp)\b", 3.0),
        (r"\bopened (a |an )?(base|office|camp)\b", 3.0),
        (r"\bmilitary base\b", 1.0),
        (r"\bstationed\b", 1.5),
    ],
    "PROPERTY_DISTRUCT": [
        (r"\bloot\w*", 3.5),
        (r"\bransack\w*", 3.5),
        (r"\b(torched|burn(ed|t) down|set (on )?fire to|set ablaze)\b", 2.5),
        (r"\b(destroy\w*|demolish\w*|razed|damag\w*)\b", 1.5),
        (r"\bplunder\w*", 3.5),
        (r"\bvandali[sz]\w*", 1.5),
        (r"\b(houses|homes|shops|property|properties|crops|churches|mosques|schools|vehicles)\b", 0.5),
        (r"\barson\b", 3.0),
        (r"\bbulldoz\w*", 2.5),
        (r"\bstole\b", 1.5),
    ],
    "NON_VIOL_TERRIT_TRANSFER": [
        (r"\bhand(ed|ing|s)? over\b", 2.5),
        (r"\bwithout (a )?(fight|resistance|bloodshed)", 3.5),
        (r"\b(withdr[ae]w\w*|pulled out|pull out|retreat\w*|vacat\w*)\b", 1.5),
        (r"\btook over\b[^.]{0,40}\bafter\b[^.]{0,30}\bleft\b", 2.0),
        (r"\bhandover\b", 3.0),
        (r"\btransferr?\w* (control|territory|the area)", 3.0),
        (r"\bevacuat\w*", 0.5),
        (r"\bpeacefully\b", 0.5),
    ],
    "OTHER": [
        (r"\bevacuat\w*", 2.0),
        (r"\bexecut(e|ed|es|ing|ion|ions)\b", 0.5),
        (r"\bhostages?\b", 0.5),
    ],
    "SEX_VIOL": [
        (r"\brap(e|ed|es|ing|ist|ists)\b", 5.0),
        (r"\bsexual(ly)? (assault|abuse|violence|harass|abused|assaulted)\w*", 5.0),
        (r"\bgang-?rap\w*", 5.0),
        (r"\bmolest\w*", 4.0),
        (r"\bsex slave", 4.0),
    ],
    "ATTACK": [
        (r"\bgunmen\b", 2.5),
        (r"\bshot dead\b", 2.0),
        (r"\bkilled\b", 1.0),
        (r"\bmurder\w*", 2.0),
        (r"\bmassacre\w*", 2.5),
        (r"\bbehead\w*", 3.0),
        (r"\bhacked to death\b", 3.0),
        (r"\bstabb\w*", 2.0),
        (
            r"\b(civilians?|villagers|residents|farmers|worshippers|passengers|students|journalists?|women|children)\b",
            1.0,
        ),
        (r"\battack(ed|s)?\b", 1.0),
        (r"\bopened fire\b", 1.5),
        (r"\bassassinat\w*", 2.0),
        (r"\bexecut(e|ed|es|ing|ion|ions)\b", 2.0),
        (r"\btortur\w*", 2.0),
        (r"\bassault\w*", 1.0),
        (r"\bunidentified (gunmen|assailants|attackers|men)", 2.5),
        (r"\bshot\b", 1.0),
        (r"\bbeat(en|ing)?\b", 1.0),
        (r"\bhome\b", 0.5),
    ],
    "ABDUCT_DISSAP": [
        (r"\babduct\w*", 4.5),
        (r"\bkidnap\w*", 4.5),
        (r"\bhostages?\b", 2.5),
        (r"\bforced(ly)? disappear\w*", 5.0),
        (r"\bwent missing\b", 3.0),
        (r"\bwhereabouts\b", 3.0),
        (r"\bunaccounted\b", 2.5),
        (r"\bhostage-taking\b", 3.0),
        (r"\bseized\b[^.]{0,30}\b(people|men|women|civilians|villagers|passengers|workers)\b", 2.0),
        (r"\btaken away\b", 2.5),
        (r"\bcaptive\w*", 2.0),
        (r"\bransom\b", 3.0),
    ],
    "ORG_CRIME": [
        (r"\bsmuggl\w*", 4.0),
        (r"\btraffick\w*", 4.0),
        (r"\bdrugs?\b", 2.5),
        (r"\bnarcotic\w*", 3.5),
        (r"\bcartels?\b", 4.0),
        (r"\bgangs?\b", 2.0),
        (r"\bmafia\b", 4.0),
        (r"\bcorrupt\w*", 3.0),
        (r"\bbrib\w*", 3.5),
        (r"\bfraud\w*", 3.5),
        (r"\bcounterfeit\w*", 4.0),
        (r"\bmoney laundering\b", 4.0),
        (r"\brobber(y|ies)\b", 3.0),
        (r"\brobbed\b", 3.0),
        (r"\bcontraband\b", 3.5),
        (r"\bcocaine|heroin|methamphetamine|cannabis|marijuana\b", 3.5),
        (r"\bextortion\b", 3.0),
        (r"\bcyber ?(crime|attack)", 3.0),
        (r"\bhack(ed|ers?)\b", 2.0),
        (r"\bpoach\w*", 3.0),
        (r"\bembezzl\w*", 4.0),
        (r"\bscam\w*", 3.0),
        (r"\bcriminal (group|gang|network|organi[sz]ation)", 3.0),
        (r"\billegal\b", 1.5),
        (r"\bheist\b", 3.0),
        (r"\bburglar\w*", 3.0),
    ],
    "NATURAL_DISASTER": [
        (r"\bearthquakes?\b", 5.0),
        (r"\bquakes?\b", 4.0),
        (r"\btsunami", 5.0),
        (r"\bfloods?\b", 4.0),
        (r"\bflooding\b", 4.0),
        (r"\bcyclones?\b", 5.0),
        (r"\bhurricanes?\b", 5.0),
        (r"\btyphoons?\b", 5.0),
        (r"\bstorms?\b", 3.0),
        (r"\bwildfires?\b", 5.0),
        (r"\bbush ?fires?\b", 5.0),
        (r"\bforest fires?\b", 5.0),
        (r"\blandslides?\b", 5.0),
        (r"\bmudslides?\b", 5.0),
        (r"\bavalanche", 5.0),
        (r"\bvolcan\w*", 5.0),
        (r"\berupt\w*", 3.0),
        (r"\bdrought\b", 5.0),
        (r"\bheat ?wave", 5.0),
        (r"\bcovid(-19)?\b", 5.0),
        (r"\bcoronavirus\b", 5.0),
        (r"\bpandemic\b", 4.0),
        (r"\boutbreak\b", 3.5),
        (r"\bepidemic\b", 4.0),
        (r"\bcholera|ebola|malaria|dengue|measles|influenza\b", 4.0),
        (r"\binfect\w*", 2.5),
        (r"\bcases\b", 1.0),
        (r"\bheavy rains?\b", 4.0),
        (r"\brainfall\b", 3.5),
        (r"\bmagnitude\b", 4.0),
        (r"\bsnow(fall|storm)?\b", 3.0),
        (r"\blocusts?\b", 4.0),
        (r"\btornado", 5.0),
    ],
    "MAN_MADE_DISASTER": [
        (r"\baccident\w*", 3.5),
        (r"\bcollaps\w*", 3.0),
        (r"\bcrash(ed|es)?\b", 2.5),
        (r"\bderail\w*", 5.0),
        (r"\bcollid\w*|collision", 4.0),
        (r"\bcapsiz\w*", 4.5),
        (r"\bsank\b", 3.0),
        (r"\bboat\b", 1.0),
        (r"\b(factory|plant|refinery|warehouse|mine|building|market|hospital) (fire|blaze|explosion|blast)", 4.0),
        (r"\b(fire|blaze) (broke out|erupted|gutted)", 3.5),
        (r"\bblaze\b", 2.5),
        (r"\bgas (leak|explosion|cylinder)", 4.5),
        (r"\boil spill\b", 5.0),
        (r"\bspill\b", 2.5),
        (r"\bleak\w*", 1.5),
        (r"\bcontaminat\w*", 3.5),
        (r"\bpoisoning\b", 3.0),
        (r"\bshort[- ]circuit", 4.0),
        (r"\b(road|traffic|train|bus|plane|air) (accident|crash|collision)", 3.0),
        (r"\bstampede\b", 4.0),
        (r"\bblackout\b", 3.5),
        (r"\bpower (outage|cut)", 3.5),
        (r"\bdam (burst|failure|breach)", 4.0),
        (r"\bhooch|spurious liquor|toxic alcohol", 4.0),
        (r"\bbridge\b", 1.0),
        (r"\bdrown\w*", 2.0),
    ],
    "DIPLO": [
        (r"\bcondemn\w*", 3.5),
        (r"\bsanction\w*", 3.0),
        (r"\bembass(y|ies)\b", 2.5),
        (r"\bambassadors?\b", 2.5),
        (r"\bdiplomat\w*", 3.0),
        (r"\bsummon\w*", 2.5),
        (r"\burg(e|ed|es|ing)\b", 2.5),
        (r"\bcall(ed|s)? (on|for)\b", 2.5),
        (r"\bprais\w*", 2.5),
        (r"\bwelcom\w*", 2.0),
        (r"\bforeign minist\w*", 2.5),
        (r"\bstatement\b", 1.0),
        (r"\bwarn(ed|s|ing)?\b", 2.0),
        (r"\bthreat(en|ened|ens)?\b", 1.5),
        (r"\bexpel\w*", 2.0),
        (r"\bpersona non grata\b", 4.0),
        (r"\bcriticiz\w*|criticis\w*", 2.5),
        (r"\bdenounc\w*", 3.0),
        (r"\bsolidarity\b", 2.0),
        (r"\bvisit\w*", 1.5),
        (r"\bsecretary[- ]general\b", 2.0),
        (r"\bunited nations\b|\bu\.?n\.? security council\b", 1.5),
        (r"\btalks\b", 1.0),
        (r"\bsummit\b", 2.0),
        (r"\bbilateral\b", 2.0),
        (r"\bvowed\b", 1.0),
        (r"\bdemanded\b", 1.0),
        (r"\bconcern\w*", 1.5),
        (r"\bdeplor\w*", 3.0),
        (r"\bresolution\b", 1.5),
    ],
    "ATTRIB": [
        (r"\bclaim(ed|s|ing)? (the )?responsibility\b", 6.0),
        (r"\b(accept|admit)\w* responsibility\b", 5.0),
        (r"\bresponsibility for\b", 4.0),
        (r"\bdenied (any )?(involvement|responsibility)\b", 5.0),
        (r"\bblam(e|ed|es|ing)\b", 3.5),
        (r"\baccus\w*", 3.0),
        (r"\bbehind the (attack|blast|bombing|killing)", 3.5),
        (r"\bwas carried out by\b", 2.0),
        (r"\bclaimed (the )?(attack|bombing|killing|assault)", 5.0),
        (r"\bclaimed (that )?it\b", 1.5),
        (r"\bheld responsible\b", 4.0),
        (r"\bresponsible for\b", 3.0),
    ],
}

#: A sentence must contain one of these (lower-cased) before it is coded as an event at all: it keeps
#: opinion and background sentences of an article out of the event table.
EVENT_TRIGGER = re.compile(
    r"\b(attack\w*|offensive|clash\w*|fight|fights|fighting|fought|battl\w*|kill\w*|dead|died|wounded|injur\w*|shell\w*|"
    r"strikes?|airstrikes?|bomb\w*|explo\w*|blast|captur\w*|seiz\w*|took control|take control|taken control|"
    r"took over|overr[au]n|recaptur\w*|retook|retak\w*|liberat\w*|regain\w*|protest\w*|demonstrat\w*|rall(y|ied|ies)|"
    r"riot\w*|mob|lynch\w*|arrest\w*|detain\w*|abduct\w*|kidnap\w*|rap(e|ed)|ceasefire|truce|agree\w*|"
    r"evacuat\w*|withdr[ae]w\w*|retreat\w*|pushed out|drove out|advanc\w*|arriv\w*|mov(ed|ing) (its|their) forces|"
    r"regroup\w*|deploy\w*|loot\w*|torch\w*|burn\w*|destroy\w*|defus\w*|intercept\w*|shot|gunmen|fired|"
    r"surrender\w*|fle(e|d|eing)|grenade\w*|missile\w*|rocket\w*|mortar\w*|massacre\w*|behead\w*|execut(e|ed|es|ing|ion|ions)|"
    r"hostage\w*|assault\w*|ambush\w*|raid\w*|besieg\w*|siege)\b"
)


def required_literal(pattern: str) -> str | None:
    """A plain substring every match of ``pattern`` contains (its longest top-level literal run), or None.

    The classifier tests ``literal in text`` before running the regex: a substring test is two orders of
    magnitude cheaper, and most of the ~500 cue patterns do not occur in a given clause.
    """
    best = ""
    run = ""
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
        if ch == "\\":
            # an escape ends the run (\b, \w, \s, \.) and is skipped with its argument
            best = max(best, run, key=len)
            run = ""
            i += 2
            continue
        if ch in "([":
            best = max(best, run, key=len) if depth == 0 else best
            run = ""
            depth += 1
        elif ch in ")]":
            depth -= 1
            run = ""
        elif ch == "|" and depth == 0:
            return None  # a top-level alternative: no single literal is required
        elif depth == 0 and (ch.isalpha() or ch in " '-"):
            if nxt and nxt in "?*{":  # an optional character cannot be required
                best = max(best, run, key=len)
                run = ""
            else:
                run += ch
        else:
            best = max(best, run, key=len) if depth == 0 else best
            run = ""
        i += 1
    best = max(best, run, key=len)
    return best if len(best.strip()) >= 3 else None


def compiled_cues() -> dict[str, list[tuple[re.Pattern[str], float, str | None]]]:
    """The cue lexicon compiled, each pattern with its required literal (call once; it is cached)."""
    return {code: [(re.compile(p), w, required_literal(p)) for p, w in pats] for code, pats in CUES.items()}
