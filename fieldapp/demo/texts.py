"""What the demo corpus says: its stories, people, places and phrases, and how blanks are filled.

Everything here is invented for demonstration. The names are common Korean given names and
family names combined at random, chosen to avoid the names of well-known people; the towns are
real counties and cities, as a witness's hometown would be. Facilities are described generically
("a labour training camp"), never by the unit number of a real camp.

A sentence is a template with blanks: ``{home}`` is the witness's hometown, ``{given|은}`` the
witness's given name followed by the Korean particle that fits it (은 after a final consonant,
는 after a vowel). Templates are parsed once, when the module loads; filling one is a few string
joins, so a benchmark can generate a hundred thousand records quickly.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fieldapp.domain import RedactionKind

EN = "en"
KO = "ko"
LANGUAGES = (EN, KO)
SENTENCE_SEPARATOR = " "
PARAGRAPH_SEPARATOR = "\n\n"

# --- Names -----------------------------------------------------------------------------------
# (Hangul, McCune-Reischauer romanisation as used in the DPRK). All family names are among the
# common ones that redaction.COMMON_SURNAMES never suggests on their own, as in real records.
FAMILY_NAMES: Sequence[tuple[str, str]] = (
    ("김", "Kim"), ("리", "Ri"), ("박", "Pak"), ("최", "Choe"), ("정", "Jong"), ("강", "Kang"),
    ("한", "Han"), ("윤", "Yun"), ("장", "Jang"), ("조", "Jo"), ("홍", "Hong"), ("송", "Song"),
    ("림", "Rim"), ("문", "Mun"), ("오", "O"), ("황", "Hwang"), ("전", "Jon"), ("신", "Sin"),
)  # fmt: skip
FEMALE_GIVEN_NAMES: Sequence[tuple[str, str]] = (
    ("순희", "Sun-hui"), ("영옥", "Yong-ok"), ("춘화", "Chun-hwa"), ("은숙", "Un-suk"),
    ("정애", "Jong-ae"), ("혜경", "Hye-gyong"), ("금실", "Kum-sil"), ("옥련", "Ok-ryon"),
    ("미향", "Mi-hyang"), ("경숙", "Kyong-suk"), ("복실", "Pok-sil"), ("련화", "Ryon-hwa"),
    ("은별", "Un-byol"), ("진옥", "Jin-ok"), ("명화", "Myong-hwa"), ("옥희", "Ok-hui"),
)  # fmt: skip
MALE_GIVEN_NAMES: Sequence[tuple[str, str]] = (
    ("광혁", "Kwang-hyok"), ("성철", "Song-chol"), ("진혁", "Jin-hyok"), ("학철", "Hak-chol"),
    ("윤철", "Yun-chol"), ("만복", "Man-bok"), ("경훈", "Kyong-hun"), ("충국", "Chung-guk"),
    ("상혁", "Sang-hyok"), ("국진", "Kuk-jin"), ("룡철", "Ryong-chol"), ("영길", "Yong-gil"),
    ("혁철", "Hyok-chol"), ("명호", "Myong-ho"), ("은철", "Un-chol"), ("승일", "Sung-il"),
)  # fmt: skip
#: Names used in China to pass as a local (pinyin, Hangul transcription).
FEMALE_ALIASES: Sequence[tuple[str, str]] = (
    ("Li Mei", "리메이"), ("Wang Lan", "왕란"), ("Liu Ying", "류잉"), ("Chen Xia", "천샤"),
)  # fmt: skip
MALE_ALIASES: Sequence[tuple[str, str]] = (
    ("Zhang Wei", "장웨이"), ("Liu Gang", "류강"), ("Zhao Lei", "자오레이"), ("Sun Hao", "쑨하오"),
)  # fmt: skip


@dataclass(frozen=True)
class Kin:
    """A relation as the identity records it, and as a witness of each gender says it in Korean."""

    relationship: str
    ko_from_woman: str
    ko_from_man: str
    female: bool
    shares_family_name: bool
    #: -1 a parent, 0 a sibling, 1 a child.
    generation: int


KIN: Sequence[Kin] = (
    Kin("mother", "어머니", "어머니", female=True, shares_family_name=False, generation=-1),
    Kin("father", "아버지", "아버지", female=False, shares_family_name=True, generation=-1),
    Kin("younger brother", "남동생", "남동생", female=False, shares_family_name=True, generation=0),
    Kin("younger sister", "여동생", "여동생", female=True, shares_family_name=True, generation=0),
    Kin("elder sister", "언니", "누나", female=True, shares_family_name=True, generation=0),
    Kin("elder brother", "오빠", "형", female=False, shares_family_name=True, generation=0),
    Kin("son", "아들", "아들", female=False, shares_family_name=False, generation=1),
    Kin("daughter", "딸", "딸", female=True, shares_family_name=False, generation=1),
)

# --- Places ----------------------------------------------------------------------------------
#: Hometowns by province code, (English, Korean); most witnesses come from the northern border.
HOMETOWNS: Mapping[str, Sequence[tuple[str, str]]] = {
    "north_hamgyong": (
        ("Hoeryong", "회령"), ("Musan", "무산"), ("Onsong", "온성"), ("Chongjin", "청진"),
        ("Kilju", "길주"), ("Kyongwon", "경원"), ("Myongchon", "명천"),
    ),
    "ryanggang": (
        ("Hyesan", "혜산"), ("Pochon", "보천"), ("Taehongdan", "대홍단"), ("Kapsan", "갑산"),
        ("Samsu", "삼수"),
    ),
    "south_hamgyong": (("Hamhung", "함흥"), ("Tanchon", "단천"), ("Hongwon", "홍원"),
                       ("Pukchong", "북청")),
    "north_pyongan": (("Sinuiju", "신의주"), ("Sakju", "삭주"), ("Unsan", "운산"),
                      ("Pyokdong", "벽동")),
    "jagang": (("Kanggye", "강계"), ("Manpo", "만포"), ("Huichon", "희천"), ("Chosan", "초산")),
    "south_pyongan": (("Pyongsong", "평성"), ("Sunchon", "순천"), ("Tokchon", "덕천"),
                      ("Maengsan", "맹산")),
    "kangwon": (("Wonsan", "원산"), ("Munchon", "문천"), ("Chorwon", "철원")),
    "south_hwanghae": (("Haeju", "해주"), ("Ongjin", "옹진"), ("Sinchon", "신천")),
    "north_hwanghae": (("Sariwon", "사리원"), ("Songnim", "송림"), ("Pongsan", "봉산")),
    "pyongyang": (("Ryokpo", "력포"), ("Sadong", "사동")),
    "rason": (("Unggi", "웅기"),),
    "nampho": (("Kangso", "강서"),),
    "kaesong": (("Kaepung", "개풍"),),
}  # fmt: skip
#: Where witnesses come from, by weight: most from the provinces along the Chinese border.
HOMETOWN_PROVINCES: Sequence[tuple[str, float]] = (
    ("north_hamgyong", 45), ("ryanggang", 22), ("south_hamgyong", 8), ("north_pyongan", 5),
    ("south_pyongan", 5), ("jagang", 3), ("kangwon", 3), ("north_hwanghae", 3),
    ("south_hwanghae", 2), ("pyongyang", 2), ("rason", 1), ("nampho", 0.5), ("kaesong", 0.5),
)  # fmt: skip
#: Where interviews take place, coarse enough not to locate a resettled witness: (en, ko, weight).
INTERVIEW_PLACES: Sequence[tuple[str, str, int]] = (
    ("Seoul (interview room)", "서울 (면담실)", 30),
    ("Seoul (NGO office)", "서울 (단체 사무실)", 15),
    ("Incheon", "인천", 6), ("Busan", "부산", 4), ("Daejeon", "대전", 3), ("Bangkok", "방콕", 8),
    ("Ulaanbaatar", "울란바토르", 4), ("Tokyo", "도쿄", 3), ("London", "런던", 4),
    ("Washington, D.C.", "워싱턴 D.C.", 2), ("Toronto", "토론토", 2),
)  # fmt: skip
#: Workplaces, as a witness names them (English with article, Korean).
WORKPLACES: Sequence[tuple[str, str]] = (
    ("a cooperative farm", "협동농장"), ("a textile mill", "방직공장"), ("a coal mine", "탄광"),
    ("a food factory", "식료공장"), ("the county hospital", "군 병원"),
    ("a fishing station", "수산사업소"), ("a lumber station", "임산사업소"),
    ("a machine plant", "기계공장"),
)  # fmt: skip
#: Perpetrators by vocabulary code, as a witness names them.
PERPETRATORS: Mapping[str, tuple[str, str]] = {
    "ministry_of_state_security": ("agents of the Ministry of State Security", "보위부 요원들"),
    "ministry_of_social_security": (
        "officers of the Ministry of Social Security",
        "안전부 보안원들",
    ),
    "border_guards": ("the border guards", "국경경비대 군인들"),
    "prison_and_camp_guards": ("the guards", "경비원들"),
    "chinese_public_security": ("Chinese police officers", "중국 공안"),
    "inspection_groups": ("an inspection group (Group 109)", "109상무 그루빠"),
    "local_officials": ("local officials", "지방 간부들"),
    "workplace_managers": ("the managers of the farm", "농장 관리원들"),
    "workers_party_officials": ("party officials", "당 간부들"),
    "prosecutors_and_courts": ("the prosecutor's office", "검찰소"),
    "korean_peoples_army": ("soldiers", "군인들"),
    "neighbourhood_unit_heads": ("the head of our neighbourhood unit", "인민반장"),
    "traffickers_and_brokers": ("a broker", "브로커"),
    "private_individuals": ("the man's family", "그 남자의 가족"),
    "unknown": ("men I did not know", "누군지 모를 사람들"),
}
#: Places of detention, described generically: never a real camp's name or unit number.
FACILITIES: Mapping[str, tuple[str, str]] = {
    "mss_detention": (
        "a detention centre of the Ministry of State Security in the province",
        "도 보위부 구류장",
    ),
    "police_holding": ("a police holding centre in the county", "군 안전부 구류장"),
    "holding_centre": ("a holding centre near the border", "국경 지역의 집결소"),
    "labour_camp": ("a labour training camp", "노동단련대"),
    "prison": ("a re-education camp", "교화소"),
}
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
NUMBER_WORDS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# --- Sentences -------------------------------------------------------------------------------
# Blanks: {full} {given} {alias} {kin} (names); {home} {kin_place} (places); {province}
# {birth_year} {left_year} {work} {rel}; and for incidents {date} ("in March 2009" in English),
# {date_bare} ("March 2009"), {date_end}, {perp}, {facility}, {count}, {weeks}, {years}.

INTRO: Mapping[str, Sequence[str]] = {
    EN: (
        "I was born in {home}, {province}, in {birth_year}.",
        "My name is {full}, and I grew up in {home} in {province}.",
        "I lived in {home}, {province}, and worked at {work} there.",
        "Everyone in {home} called me {given}; my family had lived in {province} for generations.",
    ),
    KO: (
        "저는 {birth_year}년 {province} {home}에서 태어났습니다.",
        "제 이름은 {full}이며, {province} {home}에서 자랐습니다.",
        "저는 {province} {home}에서 살면서 {work}에서 일했습니다.",
        "{home}에서는 모두 저를 {given|이라고} 불렀고, 우리 집안은 대대로 {province}에서 "
        "살았습니다.",
    ),
}
LEAVING: Mapping[str, Sequence[str]] = {
    EN: (
        "In {left_year} I left {home} for the last time and crossed the river at night.",
        "I left {home} for good in {left_year}, and it took me a long time to reach safety.",
    ),
    KO: (
        "{left_year}년에 저는 마지막으로 {home|을} 떠나 밤에 강을 건넜습니다.",
        "{left_year}년에 {home|을} 영영 떠났고, 안전한 곳에 닿기까지 오랜 시간이 걸렸습니다.",
    ),
}
ALIAS: Mapping[str, Sequence[str]] = {
    EN: ("In China I went by the name {alias}, so that nobody would know I was from the North.",),
    KO: ("중국에서는 북한 사람이라는 것을 숨기려고 {alias|이라는} 이름을 썼습니다.",),
}
FAMILY: Mapping[str, Sequence[str]] = {
    EN: (
        "My {rel}, {kin}, still lives in {kin_place}, and I am afraid of what will happen if "
        "anyone learns that I spoke.",
        "I have had no news of my {rel}, {kin}, who stayed behind in {kin_place}.",
        "I send money to my {rel} in {kin_place} through a broker, but I worry that {kin} will "
        "be punished if it is discovered.",
    ),
    KO: (
        "제 {rel} {kin|은} 아직 {kin_place}에 살고 있는데, 제가 증언했다는 사실이 알려지면 어떤 "
        "일이 생길지 두렵습니다.",
        "{kin_place}에 남은 {rel} {kin}의 소식은 그 뒤로 전혀 듣지 못했습니다.",
        "브로커를 통해 {kin_place}에 있는 {rel}에게 돈을 보내고 있지만, 그 사실이 드러나면 "
        "{kin|이} 처벌받을까 봐 걱정입니다.",
    ),
}
FILLER: Mapping[str, Sequence[str]] = {
    EN: (
        "I remember that it was very cold, and we had no proper shoes.",
        "I have not told this to anyone before, except my caseworker.",
        "Some details I can no longer remember clearly, because it was a long time ago.",
        "I heard later that many people in {province} went through the same thing.",
        "I am telling this so that the world knows what happens there.",
        "Even now I sometimes wake at night and think I am back there.",
    ),
    KO: (
        "그때 몹시 추웠는데 우리에게는 제대로 된 신발도 없었습니다.",
        "담당 상담사 말고는 이 이야기를 누구에게도 한 적이 없습니다.",
        "오래된 일이라 자세한 것은 잘 기억나지 않습니다.",
        "나중에 들으니 {province}에서 같은 일을 겪은 사람이 많았습니다.",
        "세상 사람들이 그곳에서 어떤 일이 벌어지는지 알았으면 해서 이야기합니다.",
        "지금도 가끔 밤에 깨면 다시 그곳에 있는 것 같습니다.",
    ),
}


@dataclass(frozen=True)
class ActTexts:
    """What a witness says of one kind of act: a main sentence, and a detail that may follow."""

    title_en: str
    title_ko: str
    main_en: Sequence[str]
    main_ko: Sequence[str]
    detail_en: str
    detail_ko: str


ACTS: Mapping[str, ActTexts] = {
    "arrest_abroad": ActTexts(
        "arrest in China", "중국에서의 체포",
        ("I was hiding in a village in China when {perp} came to the house and arrested me "
         "{date}.",
         "After crossing the Tumen River I worked on a farm in China, but {perp} arrested me "
         "{date}."),
        ("중국의 한 시골 마을에 숨어 지내던 중 {date}에 {perp|이} 집에 들이닥쳐 저를 체포했습니다.",
         "두만강을 건넌 뒤 중국의 농장에서 일했지만, {date}에 {perp}에게 체포되었습니다."),
        "The police took my fingerprints and kept me in a cell with other North Koreans for "
        "several weeks.",
        "공안은 제 지문을 찍고 다른 북한 사람들과 함께 몇 주 동안 유치장에 가두었습니다.",
    ),
    "forced_repatriation": ActTexts(
        "forced repatriation", "강제송환",
        ("{perp} handed us over to the North Korean border guards {date}; there were {count} of "
         "us in the truck.",
         "We were sent back across the bridge to the North Korean side {date}; {count} people "
         "were in our group."),
        ("{date}에 {perp|은} 우리를 북한 국경경비대에 넘겼는데, 트럭에는 {count}이 타고 "
         "있었습니다.",
         "{date}에 우리는 다리를 건너 북한 쪽으로 넘겨졌는데, 함께 송환된 사람은 "
         "{count}이었습니다."),
        "On the other side, the border guards tied our hands and walked us to the holding centre.",
        "다리 건너편에서 경비대는 우리의 손을 묶고 집결소까지 걸어가게 했습니다.",
    ),
    "forced_nudity_and_invasive_search": ActTexts(
        "body searches", "강제 신체 검사",
        ("When we arrived at {facility} {date}, the women were made to undress and squat again "
         "and again while the guards searched them for hidden money.",),
        ("{date}에 {facility}에 도착하자 여성들은 옷을 모두 벗고 여러 번 앉았다 일어서기를 해야 "
         "했고, 경비원들은 숨긴 돈을 찾는다며 몸을 뒤졌습니다.",),
        "It was deeply humiliating, and some of the younger women were crying.",
        "너무나 수치스러운 일이었고, 젊은 여성 몇 명은 울고 있었습니다.",
    ),
    "interrogation_under_duress": ActTexts(
        "interrogation", "강압적 신문",
        ("I was interrogated at {facility} every day for about {weeks} weeks, starting {date}.",
         "At {facility} I had to kneel for hours while the interrogator shouted, \"{given}, tell "
         "the truth!\""),
        ("{date}부터 약 {weeks}주 동안 {facility}에서 매일 취조를 받았습니다.",
         "{facility}에서 저는 몇 시간씩 무릎을 꿇고 있어야 했고, 취조관은 \"{given|아}, 바른대로 "
         "말해!\"라고 소리쳤습니다."),
        "They made me write my life story again and again and compared every version.",
        "그들은 제 자술서를 몇 번이고 다시 쓰게 하고는 한 줄 한 줄 대조했습니다.",
    ),
    "torture": ActTexts(
        "torture", "고문",
        ("{perp} beat me with a wooden stick until I could not stand, and I still have scars on "
         "my legs.",
         "They made me sit motionless in one position for hours, and whenever I moved, {perp} "
         "kicked me."),
        ("{perp|은} 제가 일어서지 못할 때까지 나무 몽둥이로 때렸고, 지금도 다리에 흉터가 남아 "
         "있습니다.",
         "몇 시간 동안 꼼짝 않고 같은 자세로 앉아 있게 했고, 조금이라도 움직이면 {perp|이} 발로 "
         "찼습니다."),
        "I lost consciousness more than once.",
        "저는 여러 번 정신을 잃었습니다.",
    ),
    "arbitrary_detention": ActTexts(
        "detention", "구금",
        ("I was held in {facility} from {date_bare} until {date_end} without ever seeing a judge "
         "or a lawyer.",
         "Nobody told my family where I was; I was kept in {facility} until {date_end}."),
        ("저는 {date_bare}부터 {date_end}까지 재판도 받지 못한 채 {facility}에 갇혀 있었습니다.",
         "가족들은 제가 어디에 있는지도 몰랐고, 저는 {date_end}까지 {facility}에 갇혀 있었습니다."),
        "The cell was so crowded that we had to sleep sitting up.",
        "감방이 너무 비좁아서 우리는 앉은 채로 잠을 자야 했습니다.",
    ),
    "forced_labour": ActTexts(
        "forced labour", "강제노동",
        ("From {date_bare}, at {facility}, we had to carry logs and dig from dawn until dark, "
         "with almost nothing to eat.",
         "At {facility} we worked in the fields and on building sites every day until "
         "{date_end}."),
        ("{date_bare}부터 {facility}에서 우리는 새벽부터 해가 질 때까지 통나무를 나르고 땅을 파야 "
         "했는데, 먹을 것은 거의 없었습니다.",
         "{facility}에서 우리는 {date_end}까지 날마다 밭과 건설장에서 일했습니다."),
        "Anyone who did not meet the daily quota was beaten or given less food.",
        "하루 과제를 채우지 못하면 매를 맞거나 식사량이 줄었습니다.",
    ),
    "public_execution": ActTexts(
        "a public execution", "공개처형",
        ("Everyone in the neighbourhood was ordered to watch a public execution near the market "
         "{date}; {count} people were shot.",
         "I was made to watch a public execution of {count} people by the river {date}, and "
         "even the schoolchildren were brought to see it."),
        ("{date}에 인민반 주민 모두가 장마당 근처에서 열린 공개처형에 동원되었는데, {count}이 "
         "총살되었습니다.",
         "{date}에 강변에서 {count}을 공개처형하는 것을 억지로 지켜봐야 했는데, 학생들까지 "
         "데려와서 보게 했습니다."),
        "Before the shooting, an official read out the charges against them.",
        "총살에 앞서 간부 한 명이 그들의 죄목을 읽었습니다.",
    ),
    "surveillance": ActTexts(
        "surveillance", "감시",
        ("Everyone knew that someone in our neighbourhood unit reported to the security agents, "
         "so we never spoke freely, even at home.",),
        ("인민반에 보위부 정보원이 있다는 것을 모두 알았기 때문에, 집에서도 마음 놓고 말하지 "
         "못했습니다.",),
        "The head of our neighbourhood unit checked who visited our house and how long they "
        "stayed.",
        "인민반장은 누가 우리 집에 드나드는지, 얼마나 머무는지 일일이 확인했습니다.",
    ),
    "punishment_for_expression": ActTexts(
        "punishment for speaking out", "발언에 대한 처벌",
        ("A neighbour complained at a work meeting that people were starving, and {date} he "
         "disappeared.",),
        ("이웃 아저씨가 직장 회의에서 사람들이 굶어 죽고 있다고 말했는데, {date}에 갑자기 "
         "사라졌습니다.",),
        "After that, nobody in our street dared to complain about anything.",
        "그 뒤로 우리 동네에서는 아무도 불평하지 못했습니다.",
    ),
    "religious_persecution": ActTexts(
        "religious persecution", "종교 박해",
        ("My family kept a small Bible hidden in the wall; when it was found {date}, my mother "
         "was taken away by {perp}.",
         "{perp} searched our house {date} after someone reported that we prayed at night."),
        ("우리 집에서는 작은 성경책을 벽 속에 숨겨 두었는데, {date}에 그것이 발각되어 어머니가 "
         "{perp}에게 끌려갔습니다.",
         "밤에 기도한다는 신고가 들어가자 {date}에 {perp|이} 우리 집을 수색했습니다."),
        "We were told never to speak of it again.",
        "그 일에 대해서는 절대 말하지 말라는 지시를 받았습니다.",
    ),
    "punishment_for_foreign_media": ActTexts(
        "punishment for foreign media", "외국 영상물 시청 처벌",
        ("{perp} searched our house {date} and found South Korean dramas on a memory card, and "
         "I was taken to {facility}.",
         "I was caught lending a USB stick with foreign films to a friend {date}, and {perp} "
         "took me to {facility}."),
        ("{date}에 {perp|이} 집을 뒤져 메모리 카드에 든 남한 드라마를 찾아냈고, 저는 {facility}에 "
         "끌려갔습니다.",
         "{date}에 친구에게 외국 영화가 든 USB를 빌려주다가 걸려서 {perp}에게 {facility|으로} "
         "끌려갔습니다."),
        "They told me that watching such films was a betrayal of the nation.",
        "그들은 그런 영화를 보는 것은 민족을 배신하는 일이라고 했습니다.",
    ),
    "songbun_discrimination": ActTexts(
        "discrimination by songbun", "성분 차별",
        ("Because my grandfather had come from the South, our family had bad songbun, and I "
         "could not join the army or go to university.",
         "Officials told us openly that families like ours could never live in the city."),
        ("할아버지가 남쪽 출신이라 우리 집은 성분이 나빴고, 저는 군대에도 대학에도 갈 수 "
         "없었습니다.",
         "간부들은 우리 같은 집안은 절대 도시에서 살 수 없다고 대놓고 말했습니다."),
        "My classmates from good families got the jobs we could only dream of.",
        "출신이 좋은 동창들은 우리가 꿈도 꾸지 못할 직장에 배치되었습니다.",
    ),
    "denial_of_education_or_work": ActTexts(
        "denial of education", "교육 기회 박탈",
        ("Although my marks were good, I was assigned to {work} instead of university {date}, "
         "because of my family background.",),
        ("성적이 좋았는데도 가정 배경 때문에 {date}에 대학 대신 {work}에 배치되었습니다.",),
        "I asked to be transferred several times, but every request was refused.",
        "여러 번 다른 곳으로 보내 달라고 했지만 모두 거절당했습니다.",
    ),
    "forced_relocation": ActTexts(
        "forced relocation", "강제 이주",
        ("Our whole family was forced to leave {home} {date} and was sent to a remote mountain "
         "village.",),
        ("{date}에 우리 가족은 모두 {home}에서 쫓겨나 외딴 산골 마을로 보내졌습니다.",),
        "We were given an empty house with no stove and had to start again with nothing.",
        "우리에게는 아궁이도 없는 빈집이 주어졌고, 빈손으로 다시 시작해야 했습니다.",
    ),
    "gender_based_violence": ActTexts(
        "harassment of women traders", "여성 상인에 대한 괴롭힘",
        ("Women who traded in the market were often harassed by {perp}, and nobody could "
         "complain.",),
        ("장마당에서 장사하는 여성들은 {perp}에게 자주 괴롭힘을 당했지만 아무도 항의하지 "
         "못했습니다.",),
        "An official told me that if I wanted to keep my stall, I had to do what he said.",
        "한 간부는 매대를 지키고 싶으면 자기 말을 들으라고 했습니다.",
    ),
    "restriction_of_movement": ActTexts(
        "restrictions on travel", "이동 제한",
        ("When I wanted to visit my aunt in another province {date}, I needed a travel permit, "
         "and without a bribe it was impossible to get one.",),
        ("{date}에 다른 도에 사는 이모를 만나러 가려고 했는데, 여행증명서가 필요했고 뇌물 없이는 "
         "받을 수가 없었습니다.",),
        "On the train, officers checked everyone's papers and took people without permits off "
        "at the next station.",
        "열차 안에서는 보안원들이 모든 사람의 증명서를 검사했고, 증명서가 없는 사람은 다음 역에서 "
        "끌어내렸습니다.",
    ),
    "shooting_at_the_border": ActTexts(
        "shooting at the border", "국경에서의 총격",
        ("When we tried to cross the river {date}, {perp} fired at us, and a young man beside "
         "me was hit.",),
        ("{date}에 강을 건너려 할 때 {perp|이} 우리에게 총을 쏘았고, 제 옆에 있던 젊은 남자가 총에 "
         "맞았습니다.",),
        "I do not know whether he survived, because we ran and did not look back.",
        "우리는 뒤도 돌아보지 않고 달렸기 때문에 그가 살았는지는 모릅니다.",
    ),
    "punishment_for_leaving_the_country": ActTexts(
        "punishment for leaving the country", "탈북에 대한 처벌",
        ("Because I had been to China, {perp} accused me of betraying the country, and {date} I "
         "was sent to {facility}.",),
        ("중국에 다녀왔다는 이유로 {perp|은} 저를 조국 반역자로 몰았고, {date}에 저는 {facility}에 "
         "보내졌습니다.",),
        "They warned me that if I crossed again, my whole family would suffer.",
        "그들은 다시 강을 건너면 온 가족이 화를 입을 것이라고 경고했습니다.",
    ),
    "trafficking_in_persons": ActTexts(
        "trafficking", "인신매매",
        ("A broker promised me work in a restaurant in China, but {date} I was sold to a farmer "
         "in a village far from the border.",),
        ("브로커는 중국 식당에서 일하게 해 주겠다고 약속했지만, {date}에 저는 국경에서 멀리 떨어진 "
         "마을의 농민에게 팔려 갔습니다.",),
        "I learned later that the broker had been paid for me.",
        "나중에 알고 보니 브로커는 저를 넘기고 돈을 받았습니다.",
    ),
    "forced_marriage": ActTexts(
        "forced marriage", "강제결혼",
        ("From {date_bare} I was forced to live with a man much older than me and was not "
         "allowed to leave the house alone.",),
        ("{date_bare}부터 저는 저보다 훨씬 나이 많은 남자와 강제로 살아야 했고, 혼자서는 집 밖에 "
         "나갈 수도 없었습니다.",),
        "His family hid me whenever strangers came to the village.",
        "낯선 사람이 마을에 오면 그의 가족은 저를 숨겼습니다.",
    ),
    "forced_abortion": ActTexts(
        "a forced abortion", "강제 낙태",
        ("At {facility} {date}, a woman who was several months pregnant was forced to have an "
         "abortion because the guards said the child's father was Chinese.",),
        ("{date}에 {facility}에서 임신 몇 개월이던 한 여성이 아이 아버지가 중국 사람이라는 이유로 "
         "강제로 낙태를 당했습니다.",),
        "Nobody was allowed to help her afterwards.",
        "그 뒤에도 아무도 그녀를 돌봐 줄 수 없었습니다.",
    ),
    "starvation": ActTexts(
        "famine", "기아",
        ("The public distribution of food stopped {date}, and we survived on grass, tree bark "
         "and corn husks.",),
        ("{date}부터 배급이 완전히 끊겼고, 우리는 풀과 나무껍질, 옥수수 껍질로 연명했습니다.",),
        "My legs swelled from hunger, and I could barely climb the hill to collect firewood.",
        "굶주림으로 다리가 부어서 땔감을 하러 언덕을 오르기도 힘들었습니다.",
    ),
    "death_from_starvation": ActTexts(
        "deaths from starvation", "아사",
        ("My grandmother died of hunger {date}, and in our street alone {count} people starved "
         "to death that year.",),
        ("{date}에 할머니가 굶어 돌아가셨고, 그해 우리 동네에서만 {count}이 굶어 죽었습니다.",),
        "Bodies were sometimes left by the railway station for days.",
        "역전에는 시신이 며칠씩 방치되기도 했습니다.",
    ),
    "confiscation_of_food_or_livelihood": ActTexts(
        "confiscation of food", "식량 몰수",
        ("{perp} came to our house {date} and took the corn we had grown on a small private "
         "plot.",),
        ("{date}에 {perp|이} 집에 와서 우리가 뙈기밭에서 기른 옥수수를 빼앗아 갔습니다.",),
        "They said that the land belonged to the state and so did everything on it.",
        "그들은 땅도, 거기서 난 것도 모두 국가의 것이라고 했습니다.",
    ),
    "punishment_for_market_activity": ActTexts(
        "punishment for trading", "장사에 대한 처벌",
        ("I was caught selling rice in the market {date}; {perp} took everything and sent me to "
         "{facility}.",),
        ("{date}에 장마당에서 쌀을 팔다가 단속되었는데, {perp|은} 물건을 모두 빼앗고 저를 "
         "{facility|으로} 보냈습니다.",),
        "Without trading we had no way to feed the children.",
        "장사를 하지 않고서는 아이들을 먹여 살릴 방법이 없었습니다.",
    ),
    "denial_of_medical_care": ActTexts(
        "denial of medical care", "치료 거부",
        ("When I fell ill with a high fever at {facility}, I was given no medicine at all.",),
        ("{facility}에서 고열로 앓았지만 약은 전혀 받지 못했습니다.",),
        "If another prisoner had not shared her water with me, I think I would have died.",
        "다른 수감자가 자기 물을 나눠 주지 않았다면 저는 죽었을 것입니다.",
    ),
    "starvation_in_detention": ActTexts(
        "starvation in detention", "구금 중 기아",
        ("At {facility} we were given only a handful of boiled corn three times a day, and I "
         "lost so much weight that I could hardly walk.",),
        ("{facility}에서는 하루 세 번 삶은 옥수수 한 줌만 주었고, 저는 살이 너무 빠져 제대로 "
         "걷지도 못했습니다.",),
        "Some prisoners caught frogs and mice to eat.",
        "어떤 수감자들은 개구리나 쥐를 잡아먹기도 했습니다.",
    ),
    "death_in_custody": ActTexts(
        "deaths in custody", "구금 중 사망",
        ("While I was there, {count} of the people held with me died of hunger and disease.",
         "{count} of the people in my cell died after beatings during interrogation {date}, "
         "and the guards carried them out at night."),
        ("제가 있는 동안 함께 갇혀 있던 사람들 가운데 {count}이 굶주림과 병으로 숨졌습니다.",
         "{date}에 같은 감방에 있던 사람 가운데 {count}이 취조 중에 맞은 뒤 숨졌고, 경비원들이 "
         "밤에 시신을 내갔습니다."),
        "Their families were never told.",
        "그들의 가족에게는 아무런 통보도 없었습니다.",
    ),
    "political_prison_camp": ActTexts(
        "a family sent to a political prison camp", "정치범수용소 수감",
        ("A neighbour's whole family disappeared one night {date}, and people whispered that "
         "they had been sent to a political prison camp.",),
        ("{date}에 이웃집 식구들이 하룻밤 사이에 모두 사라졌는데, 사람들은 그들이 정치범수용소로 "
         "보내졌다고 수군거렸습니다.",),
        "Nobody dared to ask about them.",
        "아무도 감히 그들에 대해 묻지 못했습니다.",
    ),
    "enforced_disappearance": ActTexts(
        "a disappearance", "강제실종",
        ("My uncle was taken away by {perp} {date}, and to this day nobody has told us where he "
         "is.",),
        ("{date}에 삼촌이 {perp}에게 끌려간 뒤로 지금까지 아무도 그가 어디에 있는지 알려 주지 "
         "않았습니다.",),
        "My aunt went to the security office many times, but they only told her to stop asking.",
        "숙모는 여러 번 보위부를 찾아갔지만, 그들은 그만 물으라는 말만 했습니다.",
    ),
    "collective_punishment": ActTexts(
        "punishment of the family", "연좌제 처벌",
        ("After my father was arrested {date}, my mother lost her job and my younger brothers "
         "and sisters were expelled from school.",),
        ("{date}에 아버지가 체포된 뒤 어머니는 직장에서 쫓겨났고 동생들은 학교에서 쫓겨났습니다.",),
        "People in the street stopped greeting us, as if we had disappeared too.",
        "동네 사람들은 마치 우리도 사라진 것처럼 인사조차 하지 않았습니다.",
    ),
    "denial_of_fair_trial": ActTexts(
        "sentencing without trial", "재판 없는 형 선고",
        ("I never saw a courtroom; {date} an official simply read out that I would serve "
         "{years} years.",),
        ("재판정은 구경도 못 했고, {date}에 간부 한 명이 제가 {years}년 형을 살게 된다고 읽어 "
         "주었을 뿐입니다.",),
        "Nobody asked whether I had anything to say.",
        "제게 할 말이 있는지 묻는 사람은 아무도 없었습니다.",
    ),
    "non_repatriation_of_prisoners_of_war": ActTexts(
        "a prisoner of war never sent home", "송환되지 못한 국군포로",
        ("An old man in our village had been a South Korean soldier captured in the war; when I "
         "last saw him {date}, he had still never been allowed to go home.",),
        ("우리 마을에는 전쟁 때 포로가 된 남한 군인 출신 할아버지가 있었는데, {date}에 마지막으로 "
         "보았을 때까지도 고향에 돌아가지 못하고 있었습니다.",),
        "He had worked in the mine all his life, and his children were watched closely.",
        "그는 평생 탄광에서 일했고, 그의 자식들도 늘 감시를 받았습니다.",
    ),
    "abduction_of_foreign_national": ActTexts(
        "an abducted fisherman", "납북된 어부",
        ("A man who worked with my father told us {date} that he had been taken from a South "
         "Korean fishing boat and brought to the North against his will.",),
        ("{date}에 아버지와 함께 일하던 한 남자는 자신이 남한 어선에서 붙잡혀 강제로 북으로 "
         "끌려왔다고 털어놓았습니다.",),
        "He said he had a wife and children in the South whom he had never seen again.",
        "그는 남쪽에 두고 온 아내와 아이들을 다시는 보지 못했다고 했습니다.",
    ),
    "enforced_disappearance_of_foreign_national": ActTexts(
        "a foreign woman who disappeared", "사라진 외국인 여성",
        ("A woman in our town was said to be Japanese; {date} she and her children were taken "
         "away and never seen again.",),
        ("우리 동네에는 일본 사람이라고 하는 여성이 있었는데, {date}에 아이들과 함께 끌려간 뒤 "
         "다시는 보이지 않았습니다.",),
        "Even her neighbours were told never to mention her.",
        "이웃들조차 그녀에 대해 입도 뻥긋하지 말라는 지시를 받았습니다.",
    ),
}  # fmt: skip

# --- Coding: how each act is recorded, and the stories acts make ------------------------------

Weights = Sequence[tuple[str, float]]
_MSS: Weights = (("ministry_of_state_security", 4), ("ministry_of_social_security", 1))
_GUARDS: Weights = (("prison_and_camp_guards", 3), ("ministry_of_state_security", 2))
_HEARD: Weights = (("hearsay", 3), ("relative", 2), ("direct", 1))
_DETENTION = ("mss_detention", "police_holding", "holding_centre")
_CAMPS = ("labour_camp", "prison", "holding_centre")


@dataclass(frozen=True)
class ActCoding:
    """How one kind of act is coded: who does it, where, for how long, to how many."""

    perpetrators: Weights
    facilities: tuple[str, ...] = ()
    #: In China: the public place is the country, with no province.
    abroad: bool = False
    #: Whether the witness is still abroad afterwards (not so after a forced repatriation).
    ends_abroad: bool = False
    lasts_days: tuple[int, int] | None = None
    #: (fewest, most, count precision) of the victims, when the narrative counts them.
    victims: tuple[int, int, str] | None = None
    sources: Weights = (("direct", 1),)


ACT_CODING: Mapping[str, ActCoding] = {
    "arrest_abroad": ActCoding((("chinese_public_security", 1),), abroad=True, ends_abroad=True),
    "forced_repatriation": ActCoding(
        (("chinese_public_security", 1),), abroad=True, victims=(4, 40, "approximate")
    ),
    "forced_nudity_and_invasive_search": ActCoding(_GUARDS, ("holding_centre", "mss_detention")),
    "interrogation_under_duress": ActCoding(_MSS, ("mss_detention", "police_holding")),
    "torture": ActCoding((("ministry_of_state_security", 3), ("prison_and_camp_guards", 1))),
    "arbitrary_detention": ActCoding(_MSS, _DETENTION, lasts_days=(20, 400)),
    "forced_labour": ActCoding(_GUARDS, ("labour_camp", "prison"), lasts_days=(90, 900)),
    "public_execution": ActCoding(
        (("ministry_of_state_security", 2), ("prosecutors_and_courts", 1)),
        victims=(2, 5, "exact"),
    ),
    "surveillance": ActCoding((("ministry_of_state_security", 2), ("neighbourhood_unit_heads", 1))),
    "punishment_for_expression": ActCoding(_MSS, sources=_HEARD),
    "religious_persecution": ActCoding(_MSS, sources=(("relative", 2), ("direct", 2))),
    "punishment_for_foreign_media": ActCoding(
        (("inspection_groups", 3), ("ministry_of_state_security", 2)),
        ("mss_detention", "police_holding"),
    ),
    "songbun_discrimination": ActCoding((("workers_party_officials", 1), ("local_officials", 1))),
    "denial_of_education_or_work": ActCoding((("workers_party_officials", 1),)),
    "forced_relocation": ActCoding((("ministry_of_social_security", 1), ("local_officials", 1))),
    "gender_based_violence": ActCoding(
        (("local_officials", 2), ("ministry_of_social_security", 2)),
        sources=(("direct", 2), ("hearsay", 1)),
    ),
    "restriction_of_movement": ActCoding((("ministry_of_social_security", 1),)),
    "shooting_at_the_border": ActCoding((("border_guards", 1),), victims=(1, 1, "exact")),
    "punishment_for_leaving_the_country": ActCoding(_MSS, _CAMPS),
    "trafficking_in_persons": ActCoding(
        (("traffickers_and_brokers", 1),), abroad=True, ends_abroad=True
    ),
    "forced_marriage": ActCoding(
        (("private_individuals", 2), ("traffickers_and_brokers", 1)),
        abroad=True,
        ends_abroad=True,
        lasts_days=(300, 2000),
    ),
    "forced_abortion": ActCoding(_GUARDS, ("holding_centre", "mss_detention")),
    "starvation": ActCoding((("unknown", 1),), lasts_days=(120, 800)),
    "death_from_starvation": ActCoding(
        (("unknown", 1),), victims=(3, 30, "at_least"), sources=(("direct", 3), ("relative", 1))
    ),
    "confiscation_of_food_or_livelihood": ActCoding(
        (("local_officials", 2), ("workplace_managers", 1))
    ),
    "punishment_for_market_activity": ActCoding(
        (("ministry_of_social_security", 3), ("inspection_groups", 1)),
        ("labour_camp", "police_holding"),
    ),
    "denial_of_medical_care": ActCoding(_GUARDS, _CAMPS),
    "starvation_in_detention": ActCoding(_GUARDS, _CAMPS),
    "death_in_custody": ActCoding(
        _GUARDS, victims=(2, 6, "exact"), sources=(("direct", 3), ("hearsay", 1))
    ),
    "political_prison_camp": ActCoding(_MSS, sources=_HEARD),
    "enforced_disappearance": ActCoding(_MSS, sources=(("relative", 2), ("direct", 1))),
    "collective_punishment": ActCoding(_MSS),
    "denial_of_fair_trial": ActCoding(
        (("prosecutors_and_courts", 2), ("ministry_of_state_security", 1))
    ),
    "non_repatriation_of_prisoners_of_war": ActCoding(
        (("korean_peoples_army", 1),), sources=_HEARD
    ),
    "abduction_of_foreign_national": ActCoding((("unknown", 1),), sources=_HEARD),
    "enforced_disappearance_of_foreign_national": ActCoding(_MSS, sources=_HEARD),
}
#: Units as a witness might name them; generic, never a real unit's number.
UNITS: Mapping[str, tuple[str, ...]] = {
    "ministry_of_state_security": ("county MSS branch", "provincial MSS bureau"),
    "ministry_of_social_security": ("county police station", "railway police"),
    "border_guards": ("border guard company",),
    "inspection_groups": ("Group 109",),
    "prison_and_camp_guards": ("guard unit of the facility",),
}
#: Exact places abroad, as coarse as a witness in hiding would give them.
CHINA_PLACES = ("a village in Jilin province", "a town in Liaoning province", "Yanbian, Jilin")


@dataclass(frozen=True)
class Scenario:
    """A story many witnesses tell: its acts in order, each with the COI category it is filed
    under, and the years in which it usually begins."""

    name: str
    acts: tuple[tuple[str, str], ...]
    years: tuple[int, int]
    #: The witness's age when the story begins (for adults; minors are placed apart).
    ages: tuple[int, int] = (16, 55)
    women_only: bool = False
    for_minors: bool = False


#: Stories and how often they are told. Together they make E (detention, torture) and C
#: (movement, refoulement) the commonest categories, as in the COI's own record.
SCENARIOS: Sequence[tuple[Scenario, float]] = (
    (Scenario("repatriation", (("arrest_abroad", "C"), ("forced_repatriation", "C"),
              ("forced_nudity_and_invasive_search", "E"), ("interrogation_under_duress", "E"),
              ("torture", "E"), ("arbitrary_detention", "E"), ("forced_labour", "E")),
              (1998, 2019), for_minors=True), 30),
    (Scenario("famine", (("starvation", "D"), ("death_from_starvation", "D"),
              ("confiscation_of_food_or_livelihood", "D"),
              ("punishment_for_market_activity", "D"), ("arbitrary_detention", "E")),
              (1994, 1999)), 12),
    (Scenario("foreign_media", (("punishment_for_foreign_media", "A"),
              ("interrogation_under_duress", "E"), ("denial_of_fair_trial", "E"),
              ("forced_labour", "E")), (2005, 2021), ages=(16, 45), for_minors=True), 10),
    (Scenario("religion", (("religious_persecution", "A"), ("enforced_disappearance", "E"),
              ("collective_punishment", "E")), (1995, 2015)), 5),
    (Scenario("executions", (("surveillance", "A"), ("punishment_for_expression", "A"),
              ("public_execution", "E")), (1996, 2016)), 8),
    (Scenario("trafficking", (("trafficking_in_persons", "C"), ("forced_marriage", "C"),
              ("arrest_abroad", "C"), ("forced_repatriation", "C"), ("forced_abortion", "E")),
              (1998, 2016), ages=(17, 40), women_only=True), 9),
    (Scenario("songbun", (("songbun_discrimination", "B"), ("denial_of_education_or_work", "B"),
              ("forced_relocation", "B"), ("gender_based_violence", "B")), (1992, 2012),
              ages=(16, 19)), 6),
    (Scenario("family", (("collective_punishment", "E"), ("forced_relocation", "C"),
              ("political_prison_camp", "E"), ("enforced_disappearance", "E")),
              (1994, 2012)), 6),
    (Scenario("border", (("restriction_of_movement", "C"), ("shooting_at_the_border", "C"),
              ("punishment_for_leaving_the_country", "C")), (2000, 2020), for_minors=True), 6),
    (Scenario("detention", (("arbitrary_detention", "E"), ("starvation_in_detention", "E"),
              ("denial_of_medical_care", "E"), ("torture", "E"), ("death_in_custody", "E")),
              (1996, 2019)), 8),
    (Scenario("foreign_nationals", (("non_repatriation_of_prisoners_of_war", "F"),
              ("abduction_of_foreign_national", "F"),
              ("enforced_disappearance_of_foreign_national", "F")), (1992, 2008)), 3),
)  # fmt: skip

# --- Templates -------------------------------------------------------------------------------
# Korean particles that change with the word before them: (after a final consonant, after a
# vowel). 으로 is also 로 after a final ㄹ.
PARTICLES: Mapping[str, tuple[str, str]] = {
    "은": ("은", "는"),
    "이": ("이", "가"),
    "을": ("을", "를"),
    "아": ("아", "야"),
    "이라는": ("이라는", "라는"),
    "이라고": ("이라고", "라고"),
    "으로": ("으로", "로"),
}
_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3
_FINAL_CONSONANTS = 28
_FINAL_RIEUL = 8
_BLANK = re.compile(r"\{([a-z_]+)(?:\|([^}]+))?\}")

#: A filled blank: its text and, for a name or place, how it is redacted.
Filling = tuple[str, RedactionKind | None]
#: A parsed template: literal text, or a blank's name and its particle.
Part = str | tuple[str, str | None]


def particle(word: str, base: str) -> str:
    """The form of the particle ``base`` (written as after a consonant) that follows ``word``."""
    after_consonant, after_vowel = PARTICLES[base]
    last = ord(word[-1])
    if not _HANGUL_FIRST <= last <= _HANGUL_LAST:
        raise ValueError("a Korean particle follows a Hangul word")
    final = (last - _HANGUL_FIRST) % _FINAL_CONSONANTS
    if final == 0 or (base == "으로" and final == _FINAL_RIEUL):
        return after_vowel
    return after_consonant


@dataclass(frozen=True)
class Template:
    """A sentence with its blanks, parsed once."""

    parts: tuple[Part, ...]

    @classmethod
    def parse(cls, text: str) -> "Template":
        parts: list[Part] = []
        position = 0
        for match in _BLANK.finditer(text):
            if match.start() > position:
                parts.append(text[position : match.start()])
            name, base = match.group(1), match.group(2)
            if base is not None and base not in PARTICLES:
                raise ValueError(f"unknown particle in template: {base}")
            parts.append((name, base))
            position = match.end()
        if position < len(text):
            parts.append(text[position:])
        return cls(tuple(parts))

    def blanks(self) -> frozenset[str]:
        return frozenset(part[0] for part in self.parts if isinstance(part, tuple))

    def render(
        self,
        fillings: Mapping[str, Filling],
        pieces: list[str],
        spans: list[tuple[int, int, RedactionKind]],
        offset: int,
    ) -> int:
        """Append the sentence to ``pieces`` and its marks to ``spans``; the new offset.

        Offsets count code points, as the narrative's spans do. The sentence's first letter is
        capitalised, for blanks like {perp} that open an English sentence.
        """
        start = offset
        for part in self.parts:
            if isinstance(part, str):
                text = part
            else:
                name, base = part
                text, kind = fillings[name]
                if kind is not None:
                    spans.append((offset, offset + len(text), kind))
                if base is not None:
                    text += particle(text, base)
            if offset == start and text:
                text = text[0].upper() + text[1:]
            pieces.append(text)
            offset += len(text)
        return offset


def parse_all(texts: Sequence[str]) -> tuple[Template, ...]:
    return tuple(Template.parse(text) for text in texts)
