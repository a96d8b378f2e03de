<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ApplyPackDialog</name>
    <message>
        <source>Apply a pack</source>
        <translation>팩 적용</translation>
    </message>
    <message>
        <source>Choose the pack file the coordinator gave you (.fieldpack).</source>
        <translation>코디네이터에게 받은 팩 파일(.fieldpack)을 선택하십시오.</translation>
    </message>
    <message>
        <source>Pack file</source>
        <translation>팩 파일</translation>
    </message>
    <message>
        <source>C&amp;hoose pack…</source>
        <translation>팩 선택(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the pack file</source>
        <translation>팩 파일 선택</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>Open the pack</source>
        <translation>팩 열기</translation>
    </message>
    <message>
        <source>What the pack is</source>
        <translation>팩 정보</translation>
    </message>
    <message>
        <source>Coordinator key fingerprint, as numbers</source>
        <translation>코디네이터 키 지문(숫자)</translation>
    </message>
    <message>
        <source>Coordinator key fingerprint</source>
        <translation>코디네이터 키 지문</translation>
    </message>
    <message>
        <source>The coordinator read exactly these groups to me, in this order</source>
        <translation>코디네이터가 바로 이 그룹들을 이 순서대로 읽어 주었습니다</translation>
    </message>
    <message>
        <source>The fingerprint matches</source>
        <translation>지문이 일치합니다</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>적용(&amp;A)</translation>
    </message>
    <message>
        <source>Apply the pack</source>
        <translation>팩 적용</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Packs (*{suffix})</source>
        <translation>팩 (*{suffix})</translation>
    </message>
    <message>
        <source>Checking the pack…</source>
        <translation>팩을 확인하는 중…</translation>
    </message>
    <message>
        <source>Applying the pack…</source>
        <translation>팩을 적용하는 중…</translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies) are archived and can be removed from this laptop.</source>
        <translation>
            <numerusform>증언 %n건이 아카이브에 보관되어 이 노트북에서 삭제할 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Removing archived content…</source>
        <translation>보관된 내용을 삭제하는 중…</translation>
    </message>
</context>
<context>
    <name>ApproxDateInput</name>
    <message>
        <source>{what}: precision</source>
        <translation>{what}: 정확도</translation>
    </message>
    <message>
        <source>{what}: year</source>
        <translation>{what}: 연도</translation>
    </message>
    <message>
        <source>{what}: month</source>
        <translation>{what}: 월</translation>
    </message>
    <message>
        <source>{what}: day</source>
        <translation>{what}: 일</translation>
    </message>
</context>
<context>
    <name>ApproxDateText</name>
    <message>
        <source>The {what} is not a date like 2009, 2009-03, 2009-03-14 or c. 2009-03-14.</source>
        <translation>{what}의 형식이 올바르지 않습니다. 2009, 2009-03, 2009-03-14 또는 c. 2009-03-14처럼 입력하십시오.</translation>
    </message>
    <message>
        <source>The {what} is not a date of the calendar.</source>
        <translation>{what}이(가) 달력에 없는 날짜입니다.</translation>
    </message>
</context>
<context>
    <name>AttachmentTableModel</name>
    <message>
        <source>(no label)</source>
        <translation>(이름 없음)</translation>
    </message>
    <message>
        <source>Label</source>
        <extracomment>Enough of the hash to compare by eye with ``sha256sum``&apos;s output.</extracomment>
        <translation>이름</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>음성</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>스캔</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>사진</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>문서</translation>
    </message>
</context>
<context>
    <name>AttachmentsSection</name>
    <message>
        <source>Attachments</source>
        <extracomment>For a file whose type cannot be told from its name.</extracomment>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <source>Label for the next file</source>
        <translation>다음 파일의 이름</translation>
    </message>
    <message>
        <source>What it is, e.g. consent form, page 1 (not a name)</source>
        <translation>내용 설명, 예: 동의서 1쪽 (사람 이름 제외)</translation>
    </message>
    <message>
        <source>Kind of the next file</source>
        <translation>다음 파일의 종류</translation>
    </message>
    <message>
        <source>Kind from the file&apos;s type</source>
        <translation>파일 형식에 따름</translation>
    </message>
    <message>
        <source>Add &amp;file…</source>
        <translation>파일 추가(&amp;F)…</translation>
    </message>
    <message>
        <source>Add a file, encrypted</source>
        <translation>파일을 암호화하여 추가</translation>
    </message>
    <message>
        <source>Record a&amp;udio…</source>
        <translation>음성 녹음(&amp;U)…</translation>
    </message>
    <message>
        <source>Record audio</source>
        <translation>음성 녹음</translation>
    </message>
    <message>
        <source>Encrypting the file</source>
        <translation>파일 암호화</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancel adding the file</source>
        <translation>파일 추가 취소</translation>
    </message>
    <message>
        <source>Attachment status</source>
        <translation>첨부 파일 상태</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>음성</translation>
    </message>
    <message>
        <source>Scan of a paper</source>
        <translation>종이 문서 스캔</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>사진</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>문서</translation>
    </message>
    <message>
        <source>Add a file</source>
        <translation>파일 추가</translation>
    </message>
    <message>
        <source>Encrypting the file…</source>
        <translation>파일을 암호화하는 중…</translation>
    </message>
    <message>
        <source>The file was encrypted and attached.</source>
        <translation>파일을 암호화하여 첨부했습니다.</translation>
    </message>
</context>
<context>
    <name>Autosave</name>
    <message>
        <source>Unsaved changes</source>
        <extracomment>Long enough not to save at every keystroke, short enough that little is lost in a crash.</extracomment>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Key backup file</source>
        <translation>키 백업 파일</translation>
    </message>
    <message>
        <source>C&amp;hoose the backup…</source>
        <translation>백업 선택(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the key backup file</source>
        <translation>키 백업 파일 선택</translation>
    </message>
    <message>
        <source>Use this file</source>
        <translation>이 파일 사용</translation>
    </message>
    <message>
        <source>Key backup</source>
        <translation>키 백업</translation>
    </message>
    <message>
        <source>Key backups (*.age);;All files (*)</source>
        <translation>키 백업 (*.age);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>The backup&apos;s passphrase</source>
        <translation>백업의 암호 문구</translation>
    </message>
    <message>
        <source>The backup&apos;s &amp;passphrase</source>
        <translation>백업의 암호 문구(&amp;P)</translation>
    </message>
    <message>
        <source>Chec&amp;k the backup</source>
        <translation>백업 확인(&amp;K)</translation>
    </message>
    <message>
        <source>Check the backup</source>
        <translation>백업 확인</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
</context>
<context>
    <name>CodePage</name>
    <message>
        <source>Your new recovery code: write it on paper now.</source>
        <translation>새 복구 코드입니다. 지금 종이에 적으십시오.</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>복구 코드</translation>
    </message>
    <message>
        <source>It opens the workspace if the passphrase is forgotten, and it is shown only this once. Keep the paper apart from the laptop; do not photograph it or type it anywhere else.</source>
        <translation>암호 문구를 잊었을 때 이 코드로 작업 공간을 열 수 있으며, 이번 한 번만 표시됩니다. 종이는 노트북과 따로 보관하고, 사진을 찍거나 다른 곳에 입력하지 마십시오.</translation>
    </message>
    <message>
        <source>I have &amp;written the code on paper</source>
        <translation>코드를 종이에 적었습니다(&amp;W)</translation>
    </message>
    <message>
        <source>I have written the code on paper</source>
        <translation>코드를 종이에 적었습니다</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>다음(&amp;N)</translation>
    </message>
    <message>
        <source>Check what I wrote</source>
        <translation>적은 내용 확인</translation>
    </message>
</context>
<context>
    <name>ConsentInForcePanel</name>
    <message>
        <source>Uses allowed now</source>
        <translation>지금 허용된 이용 목적</translation>
    </message>
    <message>
        <source>Consent version in force</source>
        <translation>유효한 동의 버전</translation>
    </message>
    <message>
        <source>{scope}, now</source>
        <translation>{scope}, 현재</translation>
    </message>
    <message>
        <source>The archive holds no consent for this testimony.</source>
        <translation>아카이브에 이 증언의 동의 기록이 없습니다.</translation>
    </message>
    <message>
        <source>Consent version {version}, taken {time} by {person}.</source>
        <translation>동의 버전 {version}, {time}에 {person}이(가) 받음.</translation>
    </message>
    <message>
        <source>The consent in force cannot be worked out: {reason} No use is taken as allowed.</source>
        <translation>유효한 동의를 확인할 수 없습니다: {reason} 어떤 이용 목적도 허용된 것으로 보지 않습니다.</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>허용됨</translation>
    </message>
    <message>
        <source>Not allowed: the witness did not agree (version {version})</source>
        <translation>허용되지 않음: 증언자가 동의하지 않음 (버전 {version})</translation>
    </message>
    <message>
        <source>Not allowed: withdrawn</source>
        <translation>허용되지 않음: 철회됨</translation>
    </message>
    <message>
        <source>Not allowed: stopped, because keeping it in the archive is not allowed</source>
        <translation>허용되지 않음: 아카이브 보관이 허용되지 않아 중단됨</translation>
    </message>
    <message>
        <source>Not allowed: withdrawn {time} ({how}), received at the office</source>
        <translation>허용되지 않음: {time}에 철회됨 ({how}), 사무실에서 접수</translation>
    </message>
    <message>
        <source>Not allowed: withdrawn {time} ({how}), received at the office by {person}</source>
        <translation>허용되지 않음: {time}에 철회됨 ({how}), 사무실에서 {person}이(가) 접수</translation>
    </message>
    <message>
        <source>Not allowed: withdrawn {time} ({how}), received on the laptop by {person}</source>
        <translation>허용되지 않음: {time}에 철회됨 ({how}), 노트북에서 {person}이(가) 접수</translation>
    </message>
</context>
<context>
    <name>ConsentSection</name>
    <message>
        <source>Read each use to the witness and record their answer. Nothing else in this testimony can be written until the witness agrees to it being archived.</source>
        <translation>각 이용 목적을 증언자에게 읽어 주고 답을 기록하십시오. 증언자가 아카이브 보관에 동의하기 전에는 이 증언의 다른 내용을 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>Consent in force</source>
        <translation>유효한 동의</translation>
    </message>
    <message>
        <source>Uses the witness agrees to</source>
        <translation>증언자가 동의한 이용 목적</translation>
    </message>
    <message>
        <source>Explained to the witness</source>
        <translation>증언자에게 설명한 내용</translation>
    </message>
    <message>
        <source>* needed before the testimony is sealed</source>
        <translation>* 증언을 봉인하기 전에 필요합니다</translation>
    </message>
    <message>
        <source>How consent was given</source>
        <translation>동의 방식</translation>
    </message>
    <message>
        <source>Consent taken by</source>
        <translation>동의를 받은 사람</translation>
    </message>
    <message>
        <source>Language of the consent</source>
        <translation>동의에 사용한 언어</translation>
    </message>
    <message>
        <source>Interpreter for the consent</source>
        <translation>동의 통역자</translation>
    </message>
    <message>
        <source>Anonymity the witness wishes</source>
        <translation>증언자가 원하는 익명성</translation>
    </message>
    <message>
        <source>Restrictions in the witness&apos;s words</source>
        <translation>증언자가 말한 제한 사항</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>방식(&amp;M)</translation>
    </message>
    <message>
        <source>Ta&amp;ken by</source>
        <translation>받은 사람(&amp;K)</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>언어(&amp;G)</translation>
    </message>
    <message>
        <source>Inter&amp;preter</source>
        <translation>통역자(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Anonymity</source>
        <translation>익명성(&amp;A)</translation>
    </message>
    <message>
        <source>Restr&amp;ictions</source>
        <translation>제한 사항(&amp;I)</translation>
    </message>
    <message>
        <source>Rec&amp;ord consent</source>
        <translation>동의 기록(&amp;O)</translation>
    </message>
    <message>
        <source>Record this consent</source>
        <translation>이 동의를 기록</translation>
    </message>
    <message>
        <source>Record withdrawa&amp;l…</source>
        <translation>철회 기록(&amp;L)…</translation>
    </message>
    <message>
        <source>Record a withdrawal of consent</source>
        <translation>동의 철회를 기록</translation>
    </message>
    <message>
        <source>Record a withdrawal received at the &amp;office…</source>
        <translation>사무실에서 받은 철회 기록(&amp;O)…</translation>
    </message>
    <message>
        <source>Record a withdrawal of consent received at the office</source>
        <translation>사무실에서 받은 동의 철회를 기록</translation>
    </message>
    <message>
        <source>Consent history</source>
        <translation>동의 이력</translation>
    </message>
    <message>
        <source>History</source>
        <translation>이력</translation>
    </message>
    <message>
        <source>Explanation: {scope}</source>
        <extracomment>On the laptop, a withdrawal pack told it of withdrawals received at the office.</extracomment>
        <translation>설명: {scope}</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>{scope}: yes</source>
        <translation>{scope}: 예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>{scope}: no</source>
        <translation>{scope}: 아니요</translation>
    </message>
    <message>
        <source>The witness is under {age}</source>
        <translation>증언자가 {age}세 미만입니다</translation>
    </message>
    <message>
        <source>The witness is a minor</source>
        <translation>증언자가 미성년자입니다</translation>
    </message>
    <message>
        <source>Witness&apos;s age</source>
        <translation>증언자 나이</translation>
    </message>
    <message>
        <source>Guardian&apos;s relation to the witness</source>
        <translation>보호자와 증언자의 관계</translation>
    </message>
    <message>
        <source>The guardian consented</source>
        <translation>보호자가 동의했습니다</translation>
    </message>
    <message>
        <source>The witness assented</source>
        <translation>증언자 본인이 동의했습니다</translation>
    </message>
    <message>
        <source>Minor</source>
        <translation>미성년자</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>나이</translation>
    </message>
    <message>
        <source>G&amp;uardian</source>
        <translation>보호자(&amp;U)</translation>
    </message>
    <message>
        <source>No consent has been recorded yet.</source>
        <translation>아직 기록된 동의가 없습니다.</translation>
    </message>
    <message>
        <source>Consent version {version} is in force.</source>
        <translation>동의 버전 {version}이(가) 유효합니다.</translation>
    </message>
    <message>
        <source>The consent in force does not allow archiving: the content is locked.</source>
        <translation>유효한 동의가 아카이브 보관을 허용하지 않으므로 내용이 잠겨 있습니다.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Version {version}, {time}, taken by {person} ({method}). {answers}</source>
        <translation>버전 {version}, {time}, 받은 사람 {person} ({method}). {answers}</translation>
    </message>
    <message>
        <source>Withdrawal from version {version}, {time}, received by {person} ({how}): {scopes}</source>
        <translation>버전 {version}에 대한 철회, {time}, 접수한 사람 {person} ({how}): {scopes}</translation>
    </message>
    <message>
        <source>Withdrawal received at the office, {time} ({how}): {scopes}</source>
        <translation>사무실에서 받은 철회, {time} ({how}): {scopes}</translation>
    </message>
    <message>
        <source>Withdrawal received at the office, {time}, by {person} ({how}): {scopes}</source>
        <translation>사무실에서 받은 철회, {time}, 접수한 사람 {person} ({how}): {scopes}</translation>
    </message>
    <message>
        <source>Notes: {notes}</source>
        <translation>메모: {notes}</translation>
    </message>
    <message>
        <source>(removed from this laptop)</source>
        <translation>(이 노트북에서 삭제됨)</translation>
    </message>
    <message>
        <source>the organisation&apos;s office</source>
        <translation>단체 사무실</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <source>Create the workspace</source>
        <translation>작업 공간 만들기</translation>
    </message>
    <message>
        <source>&amp;Create the workspace</source>
        <translation>작업 공간 만들기(&amp;C)</translation>
    </message>
    <message>
        <source>What will be created</source>
        <translation>만들어질 내용</translation>
    </message>
    <message>
        <source>Creating</source>
        <translation>만드는 중</translation>
    </message>
    <message>
        <source>Creation status</source>
        <translation>만들기 상태</translation>
    </message>
    <message>
        <source>Coordinator (archive)</source>
        <translation>코디네이터(아카이브)</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>면담자</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>역할: %1</translation>
    </message>
    <message>
        <source>Label: %1</source>
        <translation>이름: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>폴더: %1</translation>
    </message>
    <message>
        <source>Custodian file: %1</source>
        <translation>관리인 파일: %1</translation>
    </message>
    <message>
        <source>An earlier set-up of this folder was cut before its recovery code was confirmed: creating removes what it left (its keys, its empty database and the custodian file it wrote).</source>
        <translation>이 폴더의 이전 설정은 복구 코드를 확인하기 전에 중단되었습니다. 만들기를 누르면 그 설정이 남긴 것(키, 빈 데이터베이스, 그 설정이 쓴 관리인 파일)을 삭제합니다.</translation>
    </message>
    <message>
        <source>Creating the workspace…</source>
        <translation>작업 공간을 만드는 중…</translation>
    </message>
    <message>
        <source>The workspace was created.</source>
        <translation>작업 공간을 만들었습니다.</translation>
    </message>
</context>
<context>
    <name>CustodianPage</name>
    <message>
        <source>The custodian</source>
        <translation>관리인</translation>
    </message>
    <message>
        <source>Witness identities are encrypted to the custodian alone. Their key goes into a file that you hand to the custodian.</source>
        <translation>증언자 신원은 관리인만 열 수 있도록 암호화됩니다. 관리인의 키는 파일에 담기며, 이 파일을 관리인에게 전달합니다.</translation>
    </message>
    <message>
        <source>Custodian file</source>
        <translation>관리인 파일</translation>
    </message>
    <message>
        <source>for example: a removable drive&apos;s custodian.age</source>
        <translation>예: 이동식 드라이브의 custodian.age</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>선택(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose where to write the custodian file</source>
        <translation>관리인 파일을 저장할 위치 선택</translation>
    </message>
    <message>
        <source>Custodian&apos;s passphrase</source>
        <translation>관리인의 암호 문구</translation>
    </message>
    <message>
        <source>C&amp;lassic keys</source>
        <translation>기존 방식 키(&amp;L)</translation>
    </message>
    <message>
        <source>Classic keys</source>
        <translation>기존 방식 키</translation>
    </message>
    <message>
        <source>Only for age tools older than 1.3: classic keys are not protected against future quantum computers.</source>
        <translation>1.3보다 오래된 age 도구에만 사용하십시오. 기존 방식 키는 앞으로 나올 양자 컴퓨터로부터 보호되지 않습니다.</translation>
    </message>
    <message>
        <source>Custodian problem</source>
        <translation>관리인 설정 문제</translation>
    </message>
    <message>
        <source>Give the custodian file&apos;s full path, or choose it.</source>
        <translation>관리인 파일의 전체 경로를 입력하거나 선택하십시오.</translation>
    </message>
    <message>
        <source>A file of that name is already there; choose another name.</source>
        <translation>같은 이름의 파일이 이미 있습니다. 다른 이름을 선택하십시오.</translation>
    </message>
    <message>
        <source>Keep the custodian file apart from the archive, not inside its folder.</source>
        <translation>관리인 파일은 아카이브 폴더 안이 아닌, 아카이브와 떨어진 곳에 두십시오.</translation>
    </message>
    <message>
        <source>That folder does not exist; choose another place.</source>
        <translation>그 폴더가 없습니다. 다른 위치를 선택하십시오.</translation>
    </message>
    <message>
        <source>Where to write the custodian file</source>
        <translation>관리인 파일을 저장할 위치</translation>
    </message>
    <message>
        <source>age files (*.age)</source>
        <translation>age 파일 (*.age)</translation>
    </message>
</context>
<context>
    <name>CustodySection</name>
    <message>
        <source>Custody history</source>
        <translation>보관 이력</translation>
    </message>
    <message>
        <source>Each event is signed by the key that made it and chained to the one before in its log (the laptop&apos;s, or the archive&apos;s); a log numbers every event it holds, so other records&apos; events fall between these. Times are as each machine&apos;s clock gave them.</source>
        <translation>각 사건은 그것을 만든 키로 서명되고, 자기 기록부(노트북 또는 아카이브)에서 바로 앞의 사건과 연결됩니다. 기록부는 담긴 모든 사건에 번호를 매기므로, 사이에 다른 기록의 사건이 끼어 있습니다. 시각은 각 기기의 시계를 따릅니다.</translation>
    </message>
</context>
<context>
    <name>CustodyTableModel</name>
    <message>
        <source>No.</source>
        <translation>번호</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>사건</translation>
    </message>
    <message>
        <source>Log</source>
        <extracomment>``SHA256:`` and the first characters: enough to tell this laptop&apos;s key from another&apos;s.</extracomment>
        <translation>기록부</translation>
    </message>
    <message>
        <source>Time (as recorded)</source>
        <translation>시각(기록된 그대로)</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>서명</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>아카이브</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>노트북</translation>
    </message>
    <message>
        <source>Identity opened</source>
        <translation>신원 정보 열람함</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <source>DOES NOT VERIFY</source>
        <translation>확인 실패</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>생성됨</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>수정됨</translation>
    </message>
    <message>
        <source>File attached</source>
        <translation>파일 첨부됨</translation>
    </message>
    <message>
        <source>Consent recorded</source>
        <translation>동의 기록됨</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>동의 철회됨</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>가져옴</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>수령증</translation>
    </message>
    <message>
        <source>Purged</source>
        <translation>삭제됨</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>열람함</translation>
    </message>
    <message>
        <source>Pack applied</source>
        <translation>팩 적용됨</translation>
    </message>
</context>
<context>
    <name>DestinationPicker</name>
    <message>
        <source>Destination drive or folder</source>
        <translation>저장할 드라이브 또는 폴더</translation>
    </message>
    <message>
        <source>No removable drive found</source>
        <translation>이동식 드라이브를 찾을 수 없습니다</translation>
    </message>
    <message>
        <source>Choose &amp;folder…</source>
        <translation>폴더 선택(&amp;F)…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>폴더 선택</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <source>Look for drives again</source>
        <translation>드라이브 다시 찾기</translation>
    </message>
    <message>
        <source>{name} — {free} free ({path})</source>
        <translation>{name} — {free} 남음 ({path})</translation>
    </message>
    <message>
        <source>Folder: {path}</source>
        <translation>폴더: {path}</translation>
    </message>
</context>
<context>
    <name>EditorHeader</name>
    <message>
        <source>← &amp;Back to the list</source>
        <translation>← 목록으로 돌아가기(&amp;B)</translation>
    </message>
    <message>
        <source>Save and go back to the list</source>
        <translation>저장하고 목록으로 돌아가기</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Save status</source>
        <translation>저장 상태</translation>
    </message>
    <message>
        <source>S&amp;eal…</source>
        <translation>봉인(&amp;E)…</translation>
    </message>
    <message>
        <source>Seal the testimony</source>
        <translation>증언 봉인</translation>
    </message>
    <message>
        <source>Am&amp;end…</source>
        <translation>수정(&amp;E)…</translation>
    </message>
    <message>
        <source>Amend the sealed testimony</source>
        <translation>봉인된 증언 수정</translation>
    </message>
    <message>
        <source>Why fields are locked</source>
        <translation>입력란이 잠긴 이유</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>안내</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>초안</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>보관됨</translation>
    </message>
    <message>
        <source>Purged</source>
        <translation>삭제됨</translation>
    </message>
    <message>
        <source>{pseudonym} · {status} · version {version} · {title}</source>
        <translation>{pseudonym} · {status} · 버전 {version} · {title}</translation>
    </message>
    <message>
        <source>Received from a field laptop: the archive keeps it as the laptop signed and sent it, and it can only be read here.</source>
        <translation>현장 노트북에서 받은 기록입니다. 아카이브는 노트북이 서명하여 보낸 그대로 보관하며, 여기서는 읽기만 할 수 있습니다.</translation>
    </message>
    <message>
        <source>This testimony is sealed and can only be read. Correct it with Amend; withdrawals of consent can still be recorded.</source>
        <translation>이 증언은 봉인되어 읽기만 할 수 있습니다. 수정으로 바로잡으십시오. 동의 철회는 계속 기록할 수 있습니다.</translation>
    </message>
    <message>
        <source>The narrative, incidents, attachments and identity stay locked until the witness&apos;s consent to archiving is recorded (Consent tab).</source>
        <translation>증언자의 아카이브 보관 동의가 기록될 때까지 진술, 사건, 첨부 파일과 신원은 잠겨 있습니다(동의 탭).</translation>
    </message>
    <message>
        <source>Go back to the list</source>
        <translation>목록으로 돌아가기</translation>
    </message>
    <message>
        <source>{pseudonym} · {status} · version {version}</source>
        <translation>{pseudonym} · {status} · 버전 {version}</translation>
    </message>
    <message>
        <source>Only what shows that the archive received it remains on this laptop: it can only be read.</source>
        <translation>이 노트북에는 아카이브가 받았음을 보여 주는 기록만 남아 있으며, 읽기만 할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>EnrolDeviceDialog</name>
    <message>
        <source>Enrol a device</source>
        <translation>기기 등록</translation>
    </message>
    <message>
        <source>Choose the enrolment request the interviewer brought (a .json file). Enrol the device only if the interviewer reads you exactly the groups of digits shown.</source>
        <translation>면담자가 가져온 등록 요청(.json 파일)을 선택하십시오. 면담자가 화면에 보이는 숫자 그룹을 정확히 그대로 읽어 줄 때에만 기기를 등록하십시오.</translation>
    </message>
    <message>
        <source>Request file</source>
        <translation>요청 파일</translation>
    </message>
    <message>
        <source>C&amp;hoose request…</source>
        <translation>요청 선택(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the request file</source>
        <translation>요청 파일 선택</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>Open the request</source>
        <translation>요청 열기</translation>
    </message>
    <message>
        <source>Device label</source>
        <translation>기기 이름</translation>
    </message>
    <message>
        <source>Device key fingerprint, as numbers</source>
        <translation>기기 키 지문(숫자)</translation>
    </message>
    <message>
        <source>Device key fingerprint</source>
        <translation>기기 키 지문</translation>
    </message>
    <message>
        <source>The interviewer read exactly these groups to me, in this order</source>
        <translation>면담자가 바로 이 그룹들을 이 순서대로 읽어 주었습니다</translation>
    </message>
    <message>
        <source>The fingerprint matches</source>
        <translation>지문이 일치합니다</translation>
    </message>
    <message>
        <source>Write the enrolment pack &amp;to:</source>
        <translation>등록 팩을 저장할 위치(&amp;T):</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Read these groups aloud to the interviewer, who confirms them when applying the pack on the laptop. They are this archive&apos;s own key:</source>
        <translation>이 그룹들을 면담자에게 소리 내어 읽어 주십시오. 면담자는 노트북에서 팩을 적용할 때 이를 확인합니다. 이 아카이브 자신의 키입니다:</translation>
    </message>
    <message>
        <source>Coordinator key fingerprint, as numbers</source>
        <translation>코디네이터 키 지문(숫자)</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>등록(&amp;E)</translation>
    </message>
    <message>
        <source>Enrol the device</source>
        <translation>기기 등록</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Devices are enrolled in the archive&apos;s workspace; this is a field laptop&apos;s.</source>
        <translation>기기는 아카이브 작업 공간에서 등록합니다. 이것은 현장 노트북의 작업 공간입니다.</translation>
    </message>
    <message>
        <source>Choose the enrolment request</source>
        <translation>등록 요청 선택</translation>
    </message>
    <message>
        <source>Enrolment requests (*{suffix})</source>
        <translation>등록 요청 (*{suffix})</translation>
    </message>
    <message>
        <source>Reading the request…</source>
        <translation>요청을 읽는 중…</translation>
    </message>
    <message>
        <source>The request is from the device labelled “{label}”.</source>
        <translation>“{label}”(이)라는 이름의 기기가 보낸 요청입니다.</translation>
    </message>
    <message>
        <source>The request is from a device without a label.</source>
        <translation>이름이 없는 기기가 보낸 요청입니다.</translation>
    </message>
    <message>
        <source>The same key as the interviewer&apos;s screen shows it: {fingerprint}</source>
        <translation>면담자의 화면에 표시되는 형태의 같은 키: {fingerprint}</translation>
    </message>
    <message>
        <source>Enrolling the device…</source>
        <translation>기기를 등록하는 중…</translation>
    </message>
    <message>
        <source>“{label}” is enrolled. Its enrolment pack: {name}.</source>
        <translation>“{label}”을(를) 등록했습니다. 등록 팩: {name}.</translation>
    </message>
    <message>
        <source>The device without a label is enrolled. Its enrolment pack: {name}.</source>
        <translation>이름이 없는 기기를 등록했습니다. 등록 팩: {name}.</translation>
    </message>
    <message>
        <source>The request file could not be read: check that the drive is connected and the file is there. Nothing was enrolled.</source>
        <translation>요청 파일을 읽을 수 없습니다. 드라이브가 연결되어 있고 파일이 있는지 확인하십시오. 아무것도 등록하지 않았습니다.</translation>
    </message>
    <message>
        <source>The request file changed after it was opened, so it is not the request you confirmed; nothing was enrolled. Open it again and compare the digits anew.</source>
        <translation>요청 파일이 열린 뒤에 바뀌었으므로 확인한 요청이 아닙니다. 아무것도 등록하지 않았습니다. 다시 열고 숫자를 처음부터 다시 비교하십시오.</translation>
    </message>
</context>
<context>
    <name>EnrolmentRequestDialog</name>
    <message>
        <source>Write enrolment request</source>
        <translation>등록 요청 작성</translation>
    </message>
    <message>
        <source>Take the request to the coordinator. When the coordinator issues this laptop&apos;s enrolment pack, read these digits to each other: they must match.</source>
        <translation>요청을 코디네이터에게 가져가십시오. 코디네이터가 이 노트북의 등록 팩을 발급할 때 이 숫자를 서로 읽어 확인하십시오. 반드시 같아야 합니다.</translation>
    </message>
    <message>
        <source>This laptop&apos;s fingerprint</source>
        <translation>이 노트북의 지문</translation>
    </message>
    <message>
        <source>&amp;Write request</source>
        <translation>요청 작성(&amp;W)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Choose a drive or a folder first.</source>
        <translation>먼저 드라이브나 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <source>Written: {name}</source>
        <translation>작성됨: {name}</translation>
    </message>
</context>
<context>
    <name>EnrolmentRequestPage</name>
    <message>
        <source>Ask to be enrolled</source>
        <extracomment>The removable drives to offer first (a function: tests give their own).</extracomment>
        <translation>등록 요청</translation>
    </message>
    <message>
        <source>Write this laptop&apos;s enrolment request to a drive for the coordinator. It holds public keys and the label, nothing secret.</source>
        <translation>코디네이터에게 전달할 이 노트북의 등록 요청을 드라이브에 저장합니다. 공개 키와 이름만 들어 있으며 비밀 정보는 없습니다.</translation>
    </message>
    <message>
        <source>Folder for the request</source>
        <translation>요청을 저장할 폴더</translation>
    </message>
    <message>
        <source>C&amp;hoose folder…</source>
        <translation>폴더 선택(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the folder for the request</source>
        <translation>요청을 저장할 폴더 선택</translation>
    </message>
    <message>
        <source>&amp;Write the request</source>
        <translation>요청 작성(&amp;W)</translation>
    </message>
    <message>
        <source>Write the request</source>
        <translation>요청 작성</translation>
    </message>
    <message>
        <source>Request status</source>
        <translation>요청 상태</translation>
    </message>
    <message>
        <source>This laptop&apos;s fingerprint</source>
        <translation>이 노트북의 지문</translation>
    </message>
    <message>
        <source>When the coordinator reads the request, read this fingerprint aloud; the coordinator must see exactly the same:</source>
        <translation>코디네이터가 요청을 읽을 때 이 지문을 소리 내어 읽으십시오. 코디네이터의 화면에 정확히 같은 지문이 보여야 합니다:</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>다음(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Skip for now</source>
        <translation>나중에 하기(&amp;S)</translation>
    </message>
    <message>
        <source>Folder for the enrolment request</source>
        <translation>등록 요청을 저장할 폴더</translation>
    </message>
    <message>
        <source>Choose a folder that exists, such as a drive&apos;s.</source>
        <translation>드라이브의 폴더처럼 실제로 있는 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <source>Writing the request…</source>
        <translation>요청을 작성하는 중…</translation>
    </message>
    <message>
        <source>The request was written to: %1</source>
        <translation>요청을 다음 위치에 저장했습니다: %1</translation>
    </message>
</context>
<context>
    <name>ErrorCounts</name>
    <message numerus="yes">
        <source>Too many wrong passphrases; wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>잘못된 암호 문구를 너무 많이 입력했습니다. %n초 기다린 뒤 다시 시도하십시오.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too few shares were given: %n are needed to restore the keys; nothing was written.</source>
        <translation>
            <numerusform>조각이 너무 적습니다. 키를 복원하려면 %n개가 필요합니다. 아무것도 기록하지 않았습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to USB</source>
        <extracomment>The progress bar counts in thousandths: byte counts of a 4 GiB bundle overflow the 32-bit integers of Qt&apos;s signals and of QProgressBar.</extracomment>
        <translation>USB로 내보내기</translation>
    </message>
    <message>
        <source>The new and changed records are written, signed and encrypted for the archive, into one bundle file. Choose a USB drive or a folder.</source>
        <translation>새 기록과 변경된 기록을 아카이브용으로 서명하고 암호화하여 번들 파일 하나에 저장합니다. USB 드라이브나 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>내보내기 진행 상황</translation>
    </message>
    <message>
        <source>Export summary</source>
        <translation>내보내기 요약</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>&amp;Cancel export</source>
        <translation>내보내기 취소(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the export</source>
        <translation>내보내기 취소</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Plug in a USB drive and press Refresh, or choose a folder.</source>
        <translation>USB 드라이브를 꽂고 새로 고침을 누르거나 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <source>This laptop is not enrolled with an archive yet: write an enrolment request, give it to the coordinator, and apply the enrolment pack they send back (Apply pack…).</source>
        <translation>이 노트북은 아직 아카이브에 등록되지 않았습니다. 등록 요청을 작성해 코디네이터에게 전달하고, 코디네이터가 보내 준 등록 팩을 적용하십시오(팩 적용…).</translation>
    </message>
    <message>
        <source>The archive revoked this laptop, so it can no longer export bundles; ask the coordinator.</source>
        <translation>아카이브가 이 노트북의 등록을 취소하여 더 이상 번들을 내보낼 수 없습니다. 코디네이터에게 문의하십시오.</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was exported.</source>
        <translation>내보내기를 취소했습니다. 아무것도 내보내지 않았습니다.</translation>
    </message>
    <message>
        <source>There was nothing new to export.</source>
        <translation>새로 내보낼 것이 없습니다.</translation>
    </message>
    <message>
        <source>Bundle {number} was written: {name} ({size}).</source>
        <translation>번들 {number}을(를) 저장했습니다: {name} ({size}).</translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies) held back because consent does not allow archiving.</source>
        <translation>
            <numerusform>동의가 아카이브 보관을 허용하지 않아 증언 %n건을 보류했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies) did not fit and wait for the next export.</source>
        <translation>
            <numerusform>증언 %n건이 이번 번들에 들어가지 않아 다음 내보내기를 기다립니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies) are too large for any bundle and cannot be exported.</source>
        <translation>
            <numerusform>증언 %n건이 너무 커서 어떤 번들에도 들어가지 않으므로 내보낼 수 없습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n testimony version(s), new or amended</source>
        <translation>
            <numerusform>새 증언 버전 또는 수정된 증언 버전 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n consent record(s)</source>
        <translation>
            <numerusform>동의 기록 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n consent withdrawal(s)</source>
        <translation>
            <numerusform>동의 철회 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>첨부 파일 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n witness identity(ies), for the custodian only</source>
        <translation>
            <numerusform>증언자 신원 %n건(관리인 전용)</numerusform>
        </translation>
    </message>
    <message>
        <source>It holds {counts}.</source>
        <translation>담긴 내용: {counts}.</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message numerus="yes">
        <source>It holds no new records, only this laptop&apos;s custody log: %n event(s).</source>
        <translation>
            <numerusform>새 기록은 없고 이 노트북의 관리 기록만 담겨 있습니다: 이벤트 %n건.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Ready</source>
        <translation>준비 완료</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>다음 단계</translation>
    </message>
    <message>
        <source>Custodian file</source>
        <translation>관리인 파일</translation>
    </message>
    <message>
        <source>The archive is ready. The custodian file below holds the key to witness identities: hand it to the custodian now, with its passphrase told in person, and keep no copy beside the archive.</source>
        <translation>아카이브가 준비되었습니다. 아래의 관리인 파일에는 증언자 신원을 여는 키가 들어 있습니다. 지금 관리인에게 전달하고, 암호 문구는 직접 만나서 알려 주십시오. 아카이브 옆에 사본을 두지 마십시오.</translation>
    </message>
    <message>
        <source>Next, the coordinator issues an enrolment pack from your request. Apply it with Sync &gt; Apply pack…, after the coordinator reads their fingerprint aloud and you see the same one.</source>
        <translation>다음으로, 코디네이터가 요청을 바탕으로 등록 팩을 발급합니다. 코디네이터가 지문을 소리 내어 읽고 같은 지문이 보이는 것을 확인한 뒤, 동기화 &gt; 팩 적용…으로 적용하십시오.</translation>
    </message>
    <message>
        <source>You skipped the request: the coordinator needs it first.</source>
        <translation>요청 작성을 건너뛰었습니다. 코디네이터에게 먼저 요청이 필요합니다.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up Fieldapp</source>
        <translation>Fieldapp 설정</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import bundles</source>
        <extracomment>How the dialog asks for files: ``choose(parent, start_folder)`` -&gt; the chosen paths.</extracomment>
        <translation>번들 가져오기</translation>
    </message>
    <message>
        <source>Choose the bundle files (.fieldbundle) the field laptops exported. Each is checked, decrypted and imported into the archive whole, or not at all.</source>
        <translation>현장 노트북이 내보낸 번들 파일(.fieldbundle)을 선택하십시오. 각 번들은 검사와 복호화를 거쳐 통째로 아카이브에 들어가거나, 전혀 들어가지 않습니다.</translation>
    </message>
    <message>
        <source>C&amp;hoose bundles…</source>
        <translation>번들 선택(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the bundle files</source>
        <translation>번들 파일 선택</translation>
    </message>
    <message>
        <source>Chosen bundles, in the order of import</source>
        <translation>선택한 번들(가져올 순서대로)</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>가져오기 진행 상황</translation>
    </message>
    <message>
        <source>Import status</source>
        <translation>가져오기 상태</translation>
    </message>
    <message>
        <source>What the import did</source>
        <translation>가져오기 결과</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>가져오기(&amp;I)</translation>
    </message>
    <message>
        <source>Import the chosen bundles</source>
        <translation>선택한 번들 가져오기</translation>
    </message>
    <message>
        <source>&amp;Cancel import</source>
        <translation>가져오기 취소(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Bundles (*{suffix})</source>
        <translation>번들 (*{suffix})</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
    </message>
</context>
<context>
    <name>ImportReportText</name>
    <message>
        <source>{name} (from “{label}”)</source>
        <extracomment>Errors that stop a run and that the UI has its own sentence for; matched by their message, the only thing a stopped report keeps of them.</extracomment>
        <translation>{name}(“{label}”에서 보냄)</translation>
    </message>
    <message>
        <source>{name} was imported as bundle {number}: {counts}.</source>
        <translation>{name}을(를) 번들 {number}(으)로 가져왔습니다: {counts}.</translation>
    </message>
    <message>
        <source>{name} was imported before; nothing was changed.</source>
        <translation>{name}은(는) 이미 가져온 번들입니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>{name}: the import stopped, and nothing of this bundle was imported. {reason}</source>
        <translation>{name}: 가져오기가 중단되어 이 번들의 어떤 내용도 가져오지 않았습니다. {reason}</translation>
    </message>
    <message>
        <source>{name} was not tried; import it again.</source>
        <translation>{name}은(는) 시도하지 않았습니다. 다시 가져오십시오.</translation>
    </message>
    <message>
        <source>{name} was refused, and nothing of it was imported: {reason}.</source>
        <translation>{name}을(를) 거부하여 그 어떤 내용도 가져오지 않았습니다: {reason}.</translation>
    </message>
    <message>
        <source>If bundle {missing} was lost, the coordinator can accept the gap with this command: {command}</source>
        <translation>번들 {missing}을(를) 잃어버렸다면, 코디네이터는 다음 명령으로 빠진 구간을 인정할 수 있습니다: {command}</translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies)</source>
        <translation>
            <numerusform>증언 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n amendment(s)</source>
        <translation>
            <numerusform>수정본 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n consent version(s)</source>
        <translation>
            <numerusform>동의 버전 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>첨부 파일 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <source>%n withdrawal(s) ({scopes})</source>
        <translation>
            <numerusform>철회 %n건({scopes})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) wait for their testimony</source>
        <translation>
            <numerusform>기록 %n건이 해당 증언을 기다림</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting record(s) discarded (sent by other devices, or naming another witness)</source>
        <translation>
            <numerusform>대기 중이던 기록 %n건 폐기(다른 기기가 보냈거나 다른 증언자를 가리킴)</numerusform>
        </translation>
    </message>
    <message>
        <source>identities kept for the custodian</source>
        <translation>신원은 관리인용으로 보관</translation>
    </message>
    <message numerus="yes">
        <source>%n custody event(s)</source>
        <translation>
            <numerusform>관리 기록 이벤트 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>Testimony {id}: consent version {version}, taken after the laptop was told of the withdrawal received at the office on {date}, allows again: {uses}.</source>
        <translation>증언 {id}: 노트북이 {date}에 사무실에서 받은 철회를 전달받은 뒤 받은 동의 버전 {version}에 따라 다시 허용됨: {uses}.</translation>
    </message>
    <message numerus="yes">
        <source>%n imported</source>
        <translation>
            <numerusform>가져옴 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already imported</source>
        <translation>
            <numerusform>이미 가져옴 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>거부 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stopped</source>
        <translation>
            <numerusform>중단 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not tried</source>
        <translation>
            <numerusform>시도하지 않음 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>{counts}.</source>
        <translation>{counts}.</translation>
    </message>
</context>
<context>
    <name>IncidentForm</name>
    <message>
        <source>Act</source>
        <translation>행위</translation>
    </message>
    <message>
        <source>COI category</source>
        <translation>COI 범주</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Lasted until</source>
        <translation>종료일</translation>
    </message>
    <message>
        <source>The act lasted until a later date</source>
        <translation>행위가 이후 날짜까지 계속되었습니다</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>종료 날짜</translation>
    </message>
    <message>
        <source>Country (two-letter code)</source>
        <translation>국가(두 글자 코드)</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>도</translation>
    </message>
    <message>
        <source>Province not known</source>
        <translation>도를 모름</translation>
    </message>
    <message>
        <source>Exact place (restricted)</source>
        <translation>정확한 장소(제한)</translation>
    </message>
    <message>
        <source>Village, facility or street: kept restricted</source>
        <translation>마을, 시설 또는 거리: 제한 정보로 보관됩니다</translation>
    </message>
    <message>
        <source>Perpetrator</source>
        <translation>가해자</translation>
    </message>
    <message>
        <source>Perpetrator&apos;s unit or office</source>
        <translation>가해자의 소속 부대 또는 기관</translation>
    </message>
    <message>
        <source>Count known</source>
        <translation>인원수를 앎</translation>
    </message>
    <message>
        <source>The number of victims is known</source>
        <translation>피해자 수를 알고 있습니다</translation>
    </message>
    <message>
        <source>Number of victims</source>
        <translation>피해자 수</translation>
    </message>
    <message>
        <source>How sure the count is</source>
        <translation>인원수의 확실한 정도</translation>
    </message>
    <message>
        <source>How the witness knows</source>
        <translation>증언자가 알게 된 경위</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>신뢰도</translation>
    </message>
    <message>
        <source>Incident summary</source>
        <translation>사건 요약</translation>
    </message>
    <message>
        <source>&amp;Act</source>
        <translation>행위(&amp;A)</translation>
    </message>
    <message>
        <source>COI cate&amp;gory</source>
        <translation>COI 범주(&amp;G)</translation>
    </message>
    <message>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Public place</source>
        <translation>공개 장소</translation>
    </message>
    <message>
        <source>E&amp;xact place</source>
        <translation>정확한 장소(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Perpetrator</source>
        <translation>가해자(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>소속(&amp;U)</translation>
    </message>
    <message>
        <source>Victims</source>
        <translation>피해자</translation>
    </message>
    <message>
        <source>S&amp;ource</source>
        <translation>출처(&amp;O)</translation>
    </message>
    <message>
        <source>Re&amp;liability</source>
        <translation>신뢰도(&amp;L)</translation>
    </message>
    <message>
        <source>Su&amp;mmary</source>
        <translation>요약(&amp;M)</translation>
    </message>
    <message>
        <source>exactly</source>
        <translation>정확히</translation>
    </message>
    <message>
        <source>about</source>
        <translation>약</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>최소</translation>
    </message>
</context>
<context>
    <name>IncidentsSection</name>
    <message>
        <source>Incidents</source>
        <translation>사건</translation>
    </message>
    <message>
        <source>Add &amp;incident</source>
        <translation>사건 추가(&amp;I)</translation>
    </message>
    <message>
        <source>Add an incident</source>
        <translation>사건 추가</translation>
    </message>
    <message>
        <source>Remove incident</source>
        <translation>사건 삭제</translation>
    </message>
    <message>
        <source>Remove the selected incident</source>
        <translation>선택한 사건 삭제</translation>
    </message>
    <message>
        <source>Incident status</source>
        <translation>사건 상태</translation>
    </message>
</context>
<context>
    <name>InterviewSection</name>
    <message>
        <source>Title</source>
        <extracomment>Offered in the drop-down; any other BCP 47 tag may be typed.</extracomment>
        <translation>제목</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>면담자</translation>
    </message>
    <message>
        <source>Interview started</source>
        <translation>면담 시작</translation>
    </message>
    <message>
        <source>The interview has ended</source>
        <translation>면담이 끝났습니다</translation>
    </message>
    <message>
        <source>Interview ended</source>
        <translation>면담 종료</translation>
    </message>
    <message>
        <source>Place of interview (city or region only)</source>
        <translation>면담 장소(도시 또는 지역만)</translation>
    </message>
    <message>
        <source>City or region, never an address</source>
        <translation>도시 또는 지역만, 주소는 쓰지 마십시오</translation>
    </message>
    <message>
        <source>Language the witness spoke</source>
        <translation>증언자가 사용한 언어</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>통역자</translation>
    </message>
    <message>
        <source>Others present, one per line</source>
        <translation>함께 있던 사람, 한 줄에 한 명</translation>
    </message>
    <message>
        <source>Roles rather than names, one per line</source>
        <translation>이름 대신 역할을, 한 줄에 하나씩</translation>
    </message>
    <message>
        <source>Recording mode</source>
        <translation>녹음 방식</translation>
    </message>
    <message>
        <source>Confidentiality</source>
        <translation>기밀 등급</translation>
    </message>
    <message>
        <source>Summary (shareable: no names)</source>
        <translation>요약(공유 가능: 이름 없이)</translation>
    </message>
    <message>
        <source>Tit&amp;le</source>
        <translation>제목(&amp;L)</translation>
    </message>
    <message>
        <source>St&amp;arted</source>
        <translation>시작(&amp;A)</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>장소(&amp;P)</translation>
    </message>
    <message>
        <source>Lang&amp;uage</source>
        <translation>언어(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Interpreter</source>
        <translation>통역자(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Others present</source>
        <translation>함께 있던 사람(&amp;O)</translation>
    </message>
    <message>
        <source>Recordin&amp;g</source>
        <translation>녹음(&amp;G)</translation>
    </message>
    <message>
        <source>Con&amp;fidentiality</source>
        <translation>기밀 등급(&amp;F)</translation>
    </message>
    <message>
        <source>Su&amp;mmary</source>
        <translation>요약(&amp;M)</translation>
    </message>
    <message>
        <source>Strictly confidential: named persons only</source>
        <translation>극비: 지정된 사람만</translation>
    </message>
    <message>
        <source>Confidential: named staff</source>
        <translation>기밀: 지정된 직원</translation>
    </message>
    <message>
        <source>Restricted: the documentation team</source>
        <translation>제한: 기록 팀</translation>
    </message>
</context>
<context>
    <name>KeyBackupDialog</name>
    <message>
        <source>Back up the keys</source>
        <extracomment>The file&apos;s name unless the person types another: the date tells two backups apart. A file name, not a path: longer names are refused by most file systems anyway. Characters that would make the name a path, or a name no FAT stick takes.</extracomment>
        <translation>키 백업</translation>
    </message>
    <message>
        <source>The backup holds the keys of this workspace: with the file and its passphrase, anyone can open every record in it. Write it to a USB drive kept apart from this laptop, and keep its passphrase on paper somewhere else. To restore the keys, open a copy of the workspace that has none: fieldapp then offers to restore them from this file.</source>
        <translation>백업에는 이 작업 공간의 키가 들어 있습니다. 파일과 그 암호 문구가 있으면 누구나 모든 기록을 열 수 있습니다. 이 노트북과 따로 보관하는 USB 드라이브에 저장하고, 암호 문구는 종이에 적어 다른 곳에 보관하십시오. 키를 복원하려면 키가 없는 작업 공간 사본을 여십시오. 그러면 fieldapp이 이 파일로 키를 복원하도록 안내합니다.</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>파일 이름</translation>
    </message>
    <message>
        <source>This workspace&apos;s passphrase</source>
        <translation>이 작업 공간의 암호</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>백업 암호</translation>
    </message>
    <message>
        <source>Backup progress</source>
        <translation>백업 진행 상황</translation>
    </message>
    <message>
        <source>Backup result</source>
        <translation>백업 결과</translation>
    </message>
    <message>
        <source>&amp;Write backup</source>
        <translation>백업 저장(&amp;W)</translation>
    </message>
    <message>
        <source>Write the backup</source>
        <translation>백업 저장</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Drive or folder</source>
        <translation>드라이브 또는 폴더</translation>
    </message>
    <message>
        <source>File &amp;name</source>
        <translation>파일 이름(&amp;N)</translation>
    </message>
    <message>
        <source>This workspace&apos;s &amp;passphrase</source>
        <translation>이 작업 공간의 암호(&amp;P)</translation>
    </message>
    <message>
        <source>Writing the key backup…</source>
        <translation>키 백업을 저장하는 중…</translation>
    </message>
    <message>
        <source>Plug in a USB drive and press Refresh, or choose a folder.</source>
        <translation>USB 드라이브를 꽂고 새로 고침을 누르거나 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <source>Type a file name alone, without a folder or / \ : * ? &quot; &lt; &gt; |.</source>
        <translation>폴더 없이 파일 이름만 입력하십시오. / \ : * ? &quot; &lt; &gt; | 는 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>Type this workspace&apos;s passphrase.</source>
        <translation>이 작업 공간의 암호를 입력하십시오.</translation>
    </message>
    <message>
        <source>The key backup was written: {name}. Keep it, and its passphrase, apart from this laptop.</source>
        <translation>키 백업을 저장했습니다: {name}. 백업과 그 암호는 이 노트북과 따로 보관하십시오.</translation>
    </message>
</context>
<context>
    <name>KeyRestoreDialog</name>
    <message>
        <source>Restore the keys</source>
        <extracomment>The keys were written, and their new recovery code wiped before it was read back (or never shown): no code anyone holds opens the workspace now.</extracomment>
        <translation>키 복원</translation>
    </message>
    <message>
        <source>Restore progress</source>
        <translation>복원 진행 상황</translation>
    </message>
    <message>
        <source>Restore status</source>
        <translation>복원 상태</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the check</source>
        <translation>확인 취소</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Choose the key backup file.</source>
        <translation>키 백업 파일을 선택하십시오.</translation>
    </message>
    <message>
        <source>Type the backup&apos;s passphrase.</source>
        <translation>백업의 암호 문구를 입력하십시오.</translation>
    </message>
    <message>
        <source>Checking the backup… (this can take several seconds)</source>
        <translation>백업을 확인하는 중… (몇 초 걸릴 수 있습니다)</translation>
    </message>
    <message>
        <source>Type the words of share {n}.</source>
        <translation>{n}번 조각의 단어를 입력하십시오.</translation>
    </message>
    <message>
        <source>Checking the shares…</source>
        <translation>조각을 확인하는 중…</translation>
    </message>
    <message>
        <source>Restoring the keys…</source>
        <translation>키를 복원하는 중…</translation>
    </message>
    <message>
        <source>The keys were restored: the new passphrase now opens this workspace.</source>
        <translation>키를 복원했습니다. 이제 새 암호 문구로 이 작업 공간을 열 수 있습니다.</translation>
    </message>
    <message>
        <source>That does not match the code. Look at your paper again, or go Back to it.</source>
        <translation>코드와 일치하지 않습니다. 종이를 다시 확인하거나 뒤로 돌아가 코드를 다시 보십시오.</translation>
    </message>
    <message>
        <source>The backup&apos;s passphrase is wrong, or the file is not a fieldapp key backup.</source>
        <translation>백업의 암호 문구가 틀렸거나, 이 파일은 fieldapp 키 백업이 아닙니다.</translation>
    </message>
    <message>
        <source>This backup does not open the workspace in this folder: it is of another workspace, or the folder&apos;s database is damaged. Nothing was written.</source>
        <translation>이 백업으로는 이 폴더의 작업 공간을 열 수 없습니다. 다른 작업 공간의 백업이거나 폴더의 데이터베이스가 손상되었습니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>KeySharesDialog</name>
    <message>
        <source>Split the keys into shares</source>
        <extracomment>Words a row, numbered, as the terminal shows them (33 words: 11 rows).</extracomment>
        <translation>키를 분할 조각으로 나누기</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Shares split the keys of this workspace among trustees. Enough of them together open every record in it, as the passphrase does; fewer tell nothing about the keys. Write each share on paper for one trustee, and give each trustee only their own. Never photograph, scan or print a share, nor type it anywhere but into fieldapp to restore the keys. Nothing is written to disk here; if you stop before the last share, destroy the papers written so far and start again. To restore the keys, open a copy of the workspace that has none: fieldapp then asks for the shares.</source>
        <translation>조각은 이 작업 공간의 키를 여러 수탁자에게 나눕니다. 필요한 수만큼 모이면 암호 문구처럼 모든 기록을 열 수 있고, 그보다 적으면 키에 대해 아무것도 알려 주지 않습니다. 각 조각을 수탁자 한 명을 위해 종이에 적고, 각 수탁자에게는 자기 조각만 주십시오. 조각을 사진으로 찍거나 스캔하거나 인쇄하지 말고, 키를 복원할 때 fieldapp에 입력하는 것 말고는 어디에도 입력하지 마십시오. 여기서는 디스크에 아무것도 기록하지 않습니다. 마지막 조각 전에 멈추면 지금까지 적은 종이를 폐기하고 다시 시작하십시오. 키를 복원하려면 키가 없는 작업 공간 사본을 여십시오. 그러면 fieldapp이 조각을 요청합니다.</translation>
    </message>
    <message>
        <source>Shares to make</source>
        <translation>만들 조각 수</translation>
    </message>
    <message>
        <source>Shares needed to restore the keys</source>
        <translation>키 복원에 필요한 조각 수</translation>
    </message>
    <message>
        <source>This workspace&apos;s passphrase</source>
        <translation>이 작업 공간의 암호</translation>
    </message>
    <message>
        <source>&amp;Make the shares</source>
        <translation>조각 만들기(&amp;M)</translation>
    </message>
    <message>
        <source>Make the shares</source>
        <translation>조각 만들기</translation>
    </message>
    <message>
        <source>Shares to m&amp;ake</source>
        <translation>만들 조각 수(&amp;A)</translation>
    </message>
    <message>
        <source>Shares needed to &amp;restore</source>
        <translation>복원에 필요한 조각 수(&amp;R)</translation>
    </message>
    <message>
        <source>This workspace&apos;s &amp;passphrase</source>
        <translation>이 작업 공간의 암호(&amp;P)</translation>
    </message>
    <message>
        <source>Write these words on paper, in order and with their numbers, for one trustee; check each word against the screen before going on.</source>
        <translation>이 단어들을 번호와 함께 순서대로 종이에 적어 수탁자 한 명에게 주십시오. 넘어가기 전에 단어 하나하나를 화면과 대조하십시오.</translation>
    </message>
    <message>
        <source>The words of this share</source>
        <translation>이 조각의 단어</translation>
    </message>
    <message>
        <source>The shares are done</source>
        <translation>조각을 모두 만들었습니다</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>마침(&amp;F)</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>마침</translation>
    </message>
    <message>
        <source>Any {needed} of the {made} shares will open this workspace; {fewer} or fewer tell nothing about its keys.</source>
        <translation>조각 {made}개 중 아무 {needed}개로 이 작업 공간을 열 수 있습니다. {fewer}개 이하로는 키에 대해 아무것도 알 수 없습니다.</translation>
    </message>
    <message>
        <source>Type this workspace&apos;s passphrase.</source>
        <translation>이 작업 공간의 암호를 입력하십시오.</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>암호를 확인하는 중…</translation>
    </message>
    <message>
        <source>All {count} shares were shown, one at a time; any {needed} of them restore the keys. No share was stored anywhere. Give each paper to its trustee.</source>
        <translation>조각 {count}개를 하나씩 모두 보여 주었습니다. 그중 아무 {needed}개로 키를 복원할 수 있습니다. 어떤 조각도 어디에도 저장하지 않았습니다. 종이를 각 수탁자에게 전달하십시오.</translation>
    </message>
    <message>
        <source>Share {number} of {count} (any {needed} restore the keys)</source>
        <translation>조각 {number}/{count} (아무 {needed}개로 키 복원)</translation>
    </message>
    <message>
        <source>I have &amp;written share {number} on paper</source>
        <translation>조각 {number}을(를) 종이에 적었습니다(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>완료(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Next share</source>
        <translation>다음 조각(&amp;N)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Show the next share</source>
        <translation>다음 조각 보기</translation>
    </message>
</context>
<context>
    <name>LabelPage</name>
    <message>
        <source>A name for this computer</source>
        <translation>이 컴퓨터의 이름</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>for example: Laptop 3</source>
        <translation>예: 노트북 3</translation>
    </message>
    <message>
        <source>The coordinator and auditors see this label. Use a neutral name, never a person&apos;s name or a place.</source>
        <translation>코디네이터와 감사자가 이 이름을 봅니다. 사람 이름이나 장소가 아닌 중립적인 이름을 쓰십시오.</translation>
    </message>
    <message>
        <source>How the archive is named in its packs.</source>
        <translation>팩에 표시될 아카이브의 이름입니다.</translation>
    </message>
    <message>
        <source>How the coordinator will know this laptop.</source>
        <translation>코디네이터가 이 노트북을 알아볼 이름입니다.</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Input level</source>
        <extracomment>The share of the bar a new, lower level keeps of the old one: peaks stay visible briefly. Above this the bar turns to the warning colour: the speaker is close to clipping.</extracomment>
        <translation>입력 음량</translation>
    </message>
    <message>
        <source>%1 percent</source>
        <translation>%1퍼센트</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Fieldapp</source>
        <extracomment>Hidden or minimised since last shown: no one is looking (``_on_unattended``).</extracomment>
        <translation>Fieldapp</translation>
    </message>
    <message>
        <source>Workspace status</source>
        <translation>작업 공간 상태</translation>
    </message>
    <message>
        <source>Veri&amp;fy files…</source>
        <translation>파일 검증(&amp;F)…</translation>
    </message>
    <message>
        <source>Check that bundles and packs are signed by enrolled keys, unbroken and in order</source>
        <translation>번들과 팩이 등록된 키로 서명되었고 끊김 없이 순서대로인지 확인합니다</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>잠금(&amp;L)</translation>
    </message>
    <message>
        <source>Close the workspace and forget its keys</source>
        <translation>작업 공간을 닫고 키를 메모리에서 지웁니다</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>Back up the &amp;keys…</source>
        <translation>키 백업(&amp;K)…</translation>
    </message>
    <message>
        <source>Split the keys into s&amp;hares…</source>
        <translation>키를 조각으로 나누기(&amp;H)…</translation>
    </message>
    <message>
        <source>Make a new &amp;recovery code…</source>
        <translation>새 복구 코드 만들기(&amp;R)…</translation>
    </message>
    <message>
        <source>Replace the recovery code on your paper: the old one works until the new one is read back</source>
        <translation>종이에 적은 복구 코드를 바꿉니다. 새 코드를 다시 입력해 확인할 때까지는 옛 코드가 계속 작동합니다</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;New testimony</source>
        <translation>새 증언(&amp;N)</translation>
    </message>
    <message>
        <source>Back to the &amp;list</source>
        <translation>목록으로 돌아가기(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Export to USB…</source>
        <translation>USB로 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Apply pack…</source>
        <translation>팩 적용(&amp;A)…</translation>
    </message>
    <message>
        <source>Write enrolment &amp;request…</source>
        <translation>등록 요청 작성(&amp;R)…</translation>
    </message>
    <message>
        <source>Send a lost bundle a&amp;gain…</source>
        <translation>잃어버린 번들 다시 보내기(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Import bundles…</source>
        <translation>번들 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>Write re&amp;ceipts…</source>
        <translation>수령증 작성(&amp;C)…</translation>
    </message>
    <message>
        <source>E&amp;nrol a device…</source>
        <translation>기기 등록(&amp;N)…</translation>
    </message>
    <message>
        <source>Write &amp;withdrawal packs…</source>
        <translation>철회 팩 작성(&amp;W)…</translation>
    </message>
    <message>
        <source>Send &amp;vocabularies…</source>
        <translation>어휘 목록 보내기(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>작업 공간(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Testimony</source>
        <translation>증언(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>동기화(&amp;S)</translation>
    </message>
    <message>
        <source>The workspace was locked again: its unlock ended while the window was hidden. Type the passphrase again.</source>
        <extracomment>What the work still running at a lock uses, until that work ends. Every store of a draft&apos;s edits on a worker (a lock&apos;s, *Back to the list*&apos;s), in order.</extracomment>
        <translation>작업 공간을 다시 잠갔습니다. 창이 숨겨진 동안 잠금 해제가 끝났기 때문입니다. 암호를 다시 입력하십시오.</translation>
    </message>
    <message numerus="yes">
        <source>Archive “{label}” — %n device(s) enrolled</source>
        <translation>
            <numerusform>아카이브 “{label}” — 등록된 기기 %n대</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{status}, %n of them revoked</source>
        <translation>
            <numerusform>{status}, 그중 등록 취소 %n대</numerusform>
        </translation>
    </message>
    <message>
        <source>“{label}” — this laptop was revoked and can no longer export</source>
        <translation>“{label}” — 이 노트북은 등록이 취소되어 더 이상 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>“{label}” — enrolled with archive {archive}; this laptop&apos;s packs are named …-{tag}-….fieldpack</source>
        <translation>“{label}” — 아카이브 {archive}에 등록됨. 이 노트북의 팩 이름: …-{tag}-….fieldpack</translation>
    </message>
    <message>
        <source>“{label}” — not enrolled yet: Sync &gt; Write enrolment request…, then Apply pack…</source>
        <translation>“{label}” — 아직 등록되지 않음: 동기화 &gt; 등록 요청 작성…, 그다음 팩 적용…</translation>
    </message>
    <message>
        <source>The last changes to a testimony, made just before the lock, could not be saved and are lost: {reason}</source>
        <translation>잠그기 직전에 증언에 한 마지막 변경 내용을 저장하지 못해 잃었습니다: {reason}</translation>
    </message>
    <message>
        <source>Saving the open testimony before the export…</source>
        <extracomment>The open draft&apos;s edits being stored before an export: the job, the workspace they go to, and the edits.</extracomment>
        <translation>내보내기 전에 열려 있는 증언을 저장하는 중…</translation>
    </message>
    <message>
        <source>The open testimony could not be saved, so the export was not started; the changes to the witness&apos;s identity are lost: {reason}</source>
        <translation>열려 있는 증언을 저장하지 못해 내보내기를 시작하지 않았습니다. 증인 신원에 대한 변경 내용은 잃었습니다: {reason}</translation>
    </message>
    <message>
        <source>The open testimony could not be saved, so the export was not started: {reason}</source>
        <translation>열려 있는 증언을 저장하지 못해 내보내기를 시작하지 않았습니다: {reason}</translation>
    </message>
    <message>
        <source>The last changes to a testimony could not be saved and are lost: {reason}</source>
        <extracomment>A testimony asked for while a store of it ran: opened when that store has ended.</extracomment>
        <translation>증언에 한 마지막 변경 내용을 저장하지 못해 잃었습니다: {reason}</translation>
    </message>
    <message>
        <source>Saving the last changes to this testimony; it opens once they are stored…</source>
        <translation>이 증언의 마지막 변경 내용을 저장하는 중입니다. 저장이 끝나면 열립니다…</translation>
    </message>
</context>
<context>
    <name>NarrativeSection</name>
    <message>
        <source>Narrative</source>
        <extracomment>How much of a suggestion&apos;s text the list shows.</extracomment>
        <translation>진술</translation>
    </message>
    <message>
        <source>Kind of redaction</source>
        <translation>가림 처리 종류</translation>
    </message>
    <message>
        <source>&amp;Mark</source>
        <translation>표시(&amp;M)</translation>
    </message>
    <message>
        <source>Mark the selection for redaction</source>
        <translation>선택한 부분을 가림 처리로 표시</translation>
    </message>
    <message>
        <source>Mark the selected text for redaction (Ctrl+R)</source>
        <translation>선택한 텍스트를 가림 처리로 표시합니다 (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Unmark</source>
        <translation>표시 해제(&amp;U)</translation>
    </message>
    <message>
        <source>Remove the redaction at the cursor</source>
        <translation>커서 위치의 가림 처리 해제</translation>
    </message>
    <message>
        <source>Remove the mark at the cursor (Ctrl+Shift+R)</source>
        <translation>커서 위치의 표시를 해제합니다 (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Su&amp;ggest</source>
        <translation>제안(&amp;G)</translation>
    </message>
    <message>
        <source>Suggest redactions of the witness&apos;s known names and places</source>
        <translation>증언자의 알려진 이름과 장소를 가림 처리하도록 제안</translation>
    </message>
    <message>
        <source>Redaction status</source>
        <translation>가림 처리 상태</translation>
    </message>
    <message>
        <source>Suggested redactions</source>
        <translation>제안된 가림 처리</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>수락(&amp;A)</translation>
    </message>
    <message>
        <source>Accept the selected suggestion</source>
        <translation>선택한 제안 수락</translation>
    </message>
    <message>
        <source>Accept a&amp;ll</source>
        <translation>모두 수락(&amp;L)</translation>
    </message>
    <message>
        <source>Accept every suggestion</source>
        <translation>모든 제안 수락</translation>
    </message>
    <message>
        <source>D&amp;ismiss</source>
        <translation>무시(&amp;I)</translation>
    </message>
    <message>
        <source>Dismiss the suggestions</source>
        <translation>제안 무시</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>제안</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>장소</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>Select the text to mark first.</source>
        <translation>먼저 표시할 텍스트를 선택하십시오.</translation>
    </message>
    <message>
        <source>Marked.</source>
        <translation>표시했습니다.</translation>
    </message>
    <message>
        <source>The selection overlaps a marked passage.</source>
        <translation>선택한 부분이 이미 표시된 부분과 겹칩니다.</translation>
    </message>
    <message>
        <source>Nothing marked here.</source>
        <translation>여기에는 표시된 것이 없습니다.</translation>
    </message>
    <message>
        <source>No unmarked mention of the witness was found.</source>
        <translation>표시되지 않은 증언자 관련 언급을 찾지 못했습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s).</source>
        <translation>
            <numerusform>제안 %n개.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewPassphraseForm</name>
    <message>
        <source>%1, again</source>
        <translation>%1 (다시 입력)</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>다시 입력</translation>
    </message>
    <message>
        <source>Too weak: %1</source>
        <translation>너무 약함: %1</translation>
    </message>
    <message>
        <source>The two passphrases differ; type the same one twice.</source>
        <translation>두 암호 문구가 다릅니다. 같은 암호 문구를 두 번 입력하십시오.</translation>
    </message>
    <message>
        <source>This passphrase must differ from the workspace&apos;s own.</source>
        <translation>이 암호 문구는 작업 공간의 암호 문구와 달라야 합니다.</translation>
    </message>
</context>
<context>
    <name>PackResultText</name>
    <message>
        <source>Removing deletes the narratives, attachments and other content of the archived testimonies from this laptop, and the witnesses&apos; identities once no record here needs them. The archive keeps all of it; this laptop keeps only the proof that it was delivered. This cannot be undone.</source>
        <translation>삭제하면 보관된 증언의 진술, 첨부 파일과 그 밖의 내용이 이 노트북에서 지워지고, 이 노트북의 어떤 기록에도 더 이상 필요하지 않은 증언자 신원도 지워집니다. 아카이브에는 모두 그대로 보관되며, 이 노트북에는 전달되었다는 증명만 남습니다. 이 작업은 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>The same key as the coordinator&apos;s screen shows it: {fingerprint}</source>
        <translation>코디네이터 화면에 표시되는 것과 같은 키입니다: {fingerprint}</translation>
    </message>
    <message>
        <source>This enrolment pack connects this laptop to the coordinator&apos;s archive. Ask the coordinator to read their key&apos;s fingerprint aloud (sixteen groups of five digits), and apply the pack only if every group below is the same.</source>
        <translation>이 등록 팩은 이 노트북을 코디네이터의 아카이브에 연결합니다. 코디네이터에게 키 지문(다섯 자리 숫자 열여섯 그룹)을 소리 내어 읽어 달라고 하고, 아래의 모든 그룹이 같을 때만 팩을 적용하십시오.</translation>
    </message>
    <message>
        <source>Pack {number} is a receipt: the archive confirms what it received.</source>
        <translation>팩 {number}은(는) 수령증입니다. 아카이브가 받은 내용을 확인합니다.</translation>
    </message>
    <message>
        <source>Pack {number} is a revocation: the archive names devices it no longer trusts.</source>
        <translation>팩 {number}은(는) 등록 취소입니다. 아카이브가 더 이상 신뢰하지 않는 기기를 알립니다.</translation>
    </message>
    <message>
        <source>Pack {number} brings newer vocabularies from the archive: act types, places and the other lists a record&apos;s codes come from.</source>
        <translation>팩 {number}은(는) 아카이브가 보낸 새 어휘 목록입니다. 행위 유형, 장소 등 기록의 코드가 나오는 목록입니다.</translation>
    </message>
    <message>
        <source>Pack {number} brings withdrawals of consent that witnesses gave at the office.</source>
        <translation>팩 {number}은(는) 증언자가 사무실에서 한 동의 철회를 알립니다.</translation>
    </message>
    <message>
        <source>Pack {number} is a {kind} pack from the coordinator.</source>
        <translation>팩 {number}은(는) 코디네이터가 보낸 {kind} 팩입니다.</translation>
    </message>
    <message>
        <source>This pack was applied before; nothing was changed.</source>
        <translation>이미 적용한 팩입니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>This laptop is now enrolled: it can export bundles for the archive.</source>
        <translation>이제 이 노트북이 등록되었습니다. 아카이브로 보낼 번들을 내보낼 수 있습니다.</translation>
    </message>
    <message numerus="yes">
        <source>The archive confirmed %n more testimony version(s) as received.</source>
        <translation>
            <numerusform>아카이브가 증언 버전 %n개를 추가로 받았다고 확인했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) differ from what the archive holds; they stay on this laptop as they are. Tell the coordinator.</source>
        <translation>
            <numerusform>기록 %n건이 아카이브에 있는 내용과 다릅니다. 이 기록들은 이 노트북에 그대로 남습니다. 코디네이터에게 알리십시오.</numerusform>
        </translation>
    </message>
    <message>
        <source>The pack was applied.</source>
        <translation>팩을 적용했습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n testimony version(s) went in a bundle this receipt does not name; they stay on this laptop until a receipt names that bundle.</source>
        <translation>
            <numerusform>증언 버전 %n건은 이 수령증에 나오지 않는 번들로 보냈습니다. 수령증에 그 번들이 나올 때까지 이 노트북에 남습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>The archive revoked these devices: {devices}.</source>
        <translation>아카이브가 다음 기기의 등록을 취소했습니다: {devices}.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>The archive revoked this laptop: it can no longer export bundles.</source>
        <translation>아카이브가 이 노트북의 등록을 취소했습니다. 더 이상 번들을 내보낼 수 없습니다.</translation>
    </message>
    <message>
        <source>Nothing new: this laptop already had these vocabularies.</source>
        <translation>새로운 것이 없습니다. 이 노트북에 이미 이 어휘 목록이 있습니다.</translation>
    </message>
    <message>
        <source>The vocabulary {vocabulary} is now version {version}. New codes: {count}.</source>
        <translation>어휘 목록 {vocabulary}이(가) 이제 버전 {version}입니다. 새 코드: {count}개.</translation>
    </message>
    <message>
        <source>“Act types”</source>
        <translation>“행위 유형”</translation>
    </message>
    <message>
        <source>“COI categories”</source>
        <translation>“COI 범주”</translation>
    </message>
    <message>
        <source>“Ways of giving consent”</source>
        <translation>“동의 방식”</translation>
    </message>
    <message>
        <source>“Date precision”</source>
        <translation>“날짜 정확도”</translation>
    </message>
    <message>
        <source>“Provinces of North Korea”</source>
        <translation>“북한의 도”</translation>
    </message>
    <message>
        <source>“Perpetrator types”</source>
        <translation>“가해자 유형”</translation>
    </message>
    <message>
        <source>“Recording modes”</source>
        <translation>“녹음 방식”</translation>
    </message>
    <message>
        <source>“Reliability”</source>
        <translation>“신뢰도”</translation>
    </message>
    <message>
        <source>“Source of the account”</source>
        <translation>“진술 출처”</translation>
    </message>
    <message>
        <source>Nothing new: this laptop already knew of these withdrawals.</source>
        <translation>새로운 것이 없습니다. 이 노트북은 이미 이 철회를 알고 있습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n withdrawal(s) of consent received at the office: the uses withdrawn are no longer allowed on this laptop.</source>
        <translation>
            <numerusform>사무실에서 받은 동의 철회 %n건: 철회된 이용 목적은 이 노트북에서도 더 이상 허용되지 않습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Testimonies concerned: {count}.</source>
        <translation>해당 증언: {count}건.</translation>
    </message>
    <message numerus="yes">
        <source>Remove archived content from this laptop (%n testimony(ies))</source>
        <translation>
            <numerusform>보관된 내용을 이 노트북에서 삭제(증언 %n건)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed the content of %n testimony(ies)</source>
        <translation>
            <numerusform>증언 %n건의 내용</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and %n attachment(s) from this laptop.</source>
        <translation>
            <numerusform>과 첨부 파일 %n개를 이 노트북에서 삭제했습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PackWriterDialog</name>
    <message>
        <source>Write the packs &amp;to:</source>
        <extracomment>``write(handle, folder) -&gt; result``: the service call, run on the worker. Where a subclass puts its own choices, between the intro and the place to write to.</extracomment>
        <translation>팩을 쓸 위치(&amp;T):</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>“{label}”</source>
        <translation>“{label}”</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>The passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <source>It opens the workspace each time. Type it twice.</source>
        <translation>작업 공간을 열 때마다 사용합니다. 두 번 입력하십시오.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <source>If both the passphrase and the recovery code (shown next) are lost, no one can open this workspace again: its data is lost.</source>
        <translation>암호 문구와 복구 코드(다음 화면에 표시)를 모두 잃어버리면 아무도 이 작업 공간을 다시 열 수 없으며, 데이터를 잃게 됩니다.</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>Passphrase problem</source>
        <translation>암호 문구 문제</translation>
    </message>
    <message>
        <source>The keys open this workspace. Choose its new passphrase: the old one, and the old recovery code, no longer open it.</source>
        <translation>이 키로 작업 공간을 열 수 있습니다. 새 암호 문구를 정하십시오. 이전 암호 문구와 이전 복구 코드로는 더 이상 열 수 없습니다.</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>새 암호 문구</translation>
    </message>
    <message>
        <source>&amp;Restore the keys</source>
        <translation>키 복원(&amp;R)</translation>
    </message>
    <message>
        <source>Restore the keys</source>
        <translation>키 복원</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
</context>
<context>
    <name>PassphraseStrengthMeter</name>
    <message>
        <source>Type a passphrase.</source>
        <translation>암호 문구를 입력하십시오.</translation>
    </message>
    <message>
        <source>Use at least %1 characters; four or five unrelated words are easy to remember.</source>
        <translation>최소 %1자 이상을 사용하십시오. 서로 관련 없는 단어 네다섯 개는 기억하기 쉽습니다.</translation>
    </message>
    <message>
        <source>Avoid common passwords and words about this work; add unrelated words.</source>
        <translation>흔한 비밀번호나 이 업무와 관련된 단어는 피하고, 관련 없는 단어를 더하십시오.</translation>
    </message>
    <message>
        <source>Avoid rows of keys such as qwerty; add unrelated words.</source>
        <translation>qwerty처럼 키보드에 나란히 있는 키는 피하고, 관련 없는 단어를 더하십시오.</translation>
    </message>
    <message>
        <source>Avoid sequences such as abcd or 1234; add unrelated words.</source>
        <translation>abcd나 1234 같은 연속된 문자는 피하고, 관련 없는 단어를 더하십시오.</translation>
    </message>
    <message>
        <source>Avoid repeated characters or groups; add unrelated words.</source>
        <translation>반복되는 문자나 묶음은 피하고, 관련 없는 단어를 더하십시오.</translation>
    </message>
    <message>
        <source>Avoid years and dates; add unrelated words.</source>
        <translation>연도와 날짜는 피하고, 관련 없는 단어를 더하십시오.</translation>
    </message>
    <message>
        <source>Too easy to guess; add more unrelated words.</source>
        <translation>추측하기 너무 쉽습니다. 관련 없는 단어를 더 넣으십시오.</translation>
    </message>
    <message>
        <source>Good enough; one more unrelated word would make it stronger.</source>
        <translation>쓸 만합니다. 관련 없는 단어를 하나 더 넣으면 더 강해집니다.</translation>
    </message>
    <message>
        <source>Strong passphrase.</source>
        <translation>강한 암호 문구입니다.</translation>
    </message>
    <message>
        <source>Very weak</source>
        <translation>매우 약함</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>약함</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>강함</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>암호 문구 강도</translation>
    </message>
    <message>
        <source>Passphrase advice</source>
        <translation>암호 문구 조언</translation>
    </message>
</context>
<context>
    <name>PurgedPage</name>
    <message>
        <source>Where its content went</source>
        <translation>내용이 있는 곳</translation>
    </message>
    <message>
        <source>What remains on this laptop</source>
        <translation>이 노트북에 남은 것</translation>
    </message>
    <message>
        <source>What remains of the testimony</source>
        <translation>증언에서 남은 것</translation>
    </message>
    <message>
        <source>What re&amp;mains</source>
        <translation>남은 것(&amp;M)</translation>
    </message>
    <message>
        <source>No consent of this testimony is kept on this laptop.</source>
        <translation>이 노트북에는 이 증언의 동의 기록이 남아 있지 않습니다.</translation>
    </message>
    <message>
        <source>The archive keeps it whole.</source>
        <translation>아카이브가 전체를 보관합니다.</translation>
    </message>
    <message>
        <source>Its content was removed from this laptop.</source>
        <translation>내용이 이 노트북에서 삭제되었습니다.</translation>
    </message>
    <message>
        <source>Its content was removed from this laptop on {purged}, after the archive&apos;s receipt, applied here on {receipt}, confirmed that bundle {bundles} holds it.</source>
        <translation>{receipt}에 이 노트북에 적용한 아카이브 수령증이 번들 {bundles}에 이 증언이 있음을 확인한 뒤, {purged}에 내용이 이 노트북에서 삭제되었습니다.</translation>
    </message>
    <message>
        <source>Its content was removed from this laptop on {purged}, after the archive&apos;s receipts (the last applied here on {receipt}) confirmed that bundles {bundles} hold it.</source>
        <translation>아카이브 수령증(마지막은 {receipt}에 이 노트북에 적용)이 번들 {bundles}에 이 증언이 있음을 확인한 뒤, {purged}에 내용이 이 노트북에서 삭제되었습니다.</translation>
    </message>
    <message>
        <source>Testimony: {id}</source>
        <translation>증언: {id}</translation>
    </message>
    <message>
        <source>Witness (pseudonym): {pseudonym}</source>
        <translation>증언자(가명): {pseudonym}</translation>
    </message>
    <message>
        <source>Version {version}: content hash {hash}, carried by no bundle</source>
        <translation>버전 {version}: 내용 해시 {hash}, 어떤 번들에도 실리지 않음</translation>
    </message>
    <message>
        <source>Version {version}: content hash {hash}, carried by bundle {bundle}</source>
        <translation>버전 {version}: 내용 해시 {hash}, 번들 {bundle}에 실림</translation>
    </message>
    <message>
        <source>Content removed from this laptop: {time}</source>
        <translation>이 노트북에서 내용 삭제: {time}</translation>
    </message>
    <message>
        <source>Bundle {bundle} (id {id}), made {made}: no receipt applied here names it yet.</source>
        <translation>번들 {bundle} (ID {id}), {made}에 만듦: 여기 적용된 수령증 중 아직 이 번들을 언급한 것이 없습니다.</translation>
    </message>
    <message>
        <source>Bundle {bundle} (id {id}), made {made}: confirmed by the archive&apos;s receipt (pack {pack}), applied here {applied}.</source>
        <translation>번들 {bundle} (ID {id}), {made}에 만듦: 아카이브 수령증(팩 {pack})으로 확인됨, 여기에 {applied}에 적용됨.</translation>
    </message>
</context>
<context>
    <name>ReadBackPage</name>
    <message>
        <source>Check what you wrote</source>
        <translation>적은 코드 확인</translation>
    </message>
    <message>
        <source>Type these two groups of the code from your paper.</source>
        <translation>종이에 적은 코드에서 이 두 그룹을 입력하십시오.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>계속(&amp;C)</translation>
    </message>
    <message>
        <source>Read-back status</source>
        <translation>확인 상태</translation>
    </message>
    <message>
        <source>Group %1</source>
        <translation>그룹 %1</translation>
    </message>
    <message>
        <source>That does not match the code. Look at your paper again, or go Back to it.</source>
        <translation>코드와 일치하지 않습니다. 종이를 다시 보거나, 뒤로 돌아가 코드를 확인하십시오.</translation>
    </message>
    <message>
        <source>&amp;Open the workspace</source>
        <translation>작업 공간 열기(&amp;O)</translation>
    </message>
    <message>
        <source>Open the workspace</source>
        <translation>작업 공간 열기</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Show the code again</source>
        <translation>코드 다시 보기</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Write receipts</source>
        <translation>수령증 작성</translation>
    </message>
    <message>
        <source>A receipt pack is written for each device that sent bundles since its last receipt. The interviewer applies it on the laptop (Sync &gt; Apply pack), which marks the testimonies the archive holds.</source>
        <translation>마지막 수령증 이후 번들을 보낸 기기마다 수령증 팩을 하나씩 작성합니다. 면담자가 노트북에서 이를 적용하면(동기화 &gt; 팩 적용) 아카이브가 보관한 증언이 표시됩니다.</translation>
    </message>
    <message>
        <source>&amp;Write receipts</source>
        <translation>수령증 작성(&amp;W)</translation>
    </message>
    <message>
        <source>Receipts are written in the archive&apos;s workspace; this is a field laptop&apos;s.</source>
        <translation>수령증은 아카이브 작업 공간에서 작성합니다. 이것은 현장 노트북의 작업 공간입니다.</translation>
    </message>
    <message>
        <source>Writing receipts…</source>
        <translation>수령증을 작성하는 중…</translation>
    </message>
    <message>
        <source>{laptop}: {name}</source>
        <translation>{laptop}: {name}</translation>
    </message>
    <message numerus="yes">
        <source>%n receipt pack(s) written.</source>
        <translation>
            <numerusform>수령증 팩 %n개를 작성했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>No receipt was written: no device has sent a bundle since its last receipt. A lost receipt can be written again, unchanged, with “fieldapp pack resend”.</source>
        <translation>작성한 수령증이 없습니다. 마지막 수령증 이후 번들을 보낸 기기가 없습니다. 잃어버린 수령증은 “fieldapp pack resend”로 바뀐 것 없이 다시 작성할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>RecordAudioDialog</name>
    <message>
        <source>Record audio</source>
        <translation>음성 녹음</translation>
    </message>
    <message>
        <source>Recording status</source>
        <translation>녹음 상태</translation>
    </message>
    <message>
        <source>Elapsed time</source>
        <translation>경과 시간</translation>
    </message>
    <message>
        <source>For example: interview, part 1</source>
        <translation>예: 면담, 1부</translation>
    </message>
    <message>
        <source>Description of the recording</source>
        <translation>녹음 설명</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>녹음(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>다시 시작(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Stop and save</source>
        <translation>중지 후 저장(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>버리기(&amp;D)</translation>
    </message>
    <message>
        <source>P&amp;lay</source>
        <translation>재생(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>닫기(&amp;C)</translation>
    </message>
    <message>
        <source>Elapsed:</source>
        <translation>경과:</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>음량:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>설명:</translation>
    </message>
    <message>
        <source>No microphone was found; connect one and open this window again.</source>
        <translation>마이크를 찾을 수 없습니다. 마이크를 연결한 뒤 이 창을 다시 여십시오.</translation>
    </message>
    <message>
        <source>The microphone cannot record 16-bit sound.</source>
        <translation>이 마이크로는 16비트 소리를 녹음할 수 없습니다.</translation>
    </message>
    <message>
        <source>Ready to record.</source>
        <translation>녹음할 준비가 되었습니다.</translation>
    </message>
    <message>
        <source>The recording was discarded.</source>
        <translation>녹음을 버렸습니다.</translation>
    </message>
    <message>
        <source>Playing the saved recording.</source>
        <translation>저장된 녹음을 재생하는 중입니다.</translation>
    </message>
    <message>
        <source>No speaker or headphones were found; the recording is saved.</source>
        <translation>스피커나 헤드폰을 찾을 수 없습니다. 녹음은 저장되어 있습니다.</translation>
    </message>
    <message>
        <source>Recording.</source>
        <translation>녹음 중입니다.</translation>
    </message>
    <message>
        <source>Paused; nothing is recorded until you resume.</source>
        <translation>일시 정지했습니다. 다시 시작할 때까지 녹음되지 않습니다.</translation>
    </message>
    <message>
        <source>Saving the recording…</source>
        <translation>녹음을 저장하는 중…</translation>
    </message>
    <message>
        <source>The recording was saved, encrypted.</source>
        <translation>녹음을 암호화하여 저장했습니다.</translation>
    </message>
    <message>
        <source>The microphone stopped; what was recorded until then is being saved.</source>
        <translation>마이크가 멈췄습니다. 그때까지 녹음된 내용을 저장하는 중입니다.</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Make a new recovery code</source>
        <extracomment>A group is 4 characters; room for stray spaces.</extracomment>
        <translation>새 복구 코드 만들기</translation>
    </message>
    <message>
        <source>New recovery code status</source>
        <translation>새 복구 코드 상태</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>A new recovery code replaces the one on your paper. Make one if that paper was lost, seen by someone or photographed, or if a recovery never showed you its new code. The old code keeps working until you have typed two groups of the new one back from your paper; after that, only the new one works.</source>
        <translation>새 복구 코드는 종이에 적어 둔 코드를 대신합니다. 그 종이를 잃어버렸거나, 누군가 보았거나 사진을 찍었거나, 복구 과정에서 새 코드를 보지 못했다면 새로 만드십시오. 새 코드의 두 그룹을 종이에서 다시 입력할 때까지는 옛 코드가 계속 작동하고, 그 뒤에는 새 코드만 작동합니다.</translation>
    </message>
    <message>
        <source>This workspace&apos;s passphrase</source>
        <translation>이 작업 공간의 암호</translation>
    </message>
    <message>
        <source>&amp;Make a new code</source>
        <translation>새 코드 만들기(&amp;M)</translation>
    </message>
    <message>
        <source>This workspace&apos;s &amp;passphrase</source>
        <translation>이 작업 공간의 암호(&amp;P)</translation>
    </message>
    <message>
        <source>Write this new code on paper now: it is shown only this once. Keep the paper apart from the laptop; do not photograph it or type it anywhere else.</source>
        <translation>이 새 코드를 지금 종이에 적으십시오. 이번 한 번만 보여 줍니다. 종이는 노트북과 떨어진 곳에 두고, 사진을 찍거나 다른 곳에 입력하지 마십시오.</translation>
    </message>
    <message>
        <source>New recovery code</source>
        <translation>새 복구 코드</translation>
    </message>
    <message>
        <source>I have &amp;written the new code on paper</source>
        <translation>새 코드를 종이에 적었습니다(&amp;W)</translation>
    </message>
    <message>
        <source>I have written the new code on paper</source>
        <translation>새 코드를 종이에 적었습니다</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>다음(&amp;N)</translation>
    </message>
    <message>
        <source>Type two groups back</source>
        <translation>두 그룹 다시 입력</translation>
    </message>
    <message>
        <source>Type these two groups of the new code from your paper.</source>
        <translation>종이를 보고 새 코드의 이 두 그룹을 입력하십시오.</translation>
    </message>
    <message>
        <source>&amp;Back to the code</source>
        <translation>코드로 돌아가기(&amp;B)</translation>
    </message>
    <message>
        <source>Back to the code</source>
        <translation>코드로 돌아가기</translation>
    </message>
    <message>
        <source>&amp;Store the new code</source>
        <translation>새 코드 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Store the new recovery code</source>
        <translation>새 복구 코드 저장</translation>
    </message>
    <message>
        <source>The new recovery code is stored; the old one no longer opens this workspace. Destroy the old paper.</source>
        <translation>새 복구 코드를 저장했습니다. 옛 코드로는 더 이상 이 작업 공간을 열 수 없습니다. 옛 종이는 없애십시오.</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>마침(&amp;F)</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>마침</translation>
    </message>
    <message>
        <source>Type this workspace&apos;s passphrase.</source>
        <translation>이 작업 공간의 암호를 입력하십시오.</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>암호를 확인하는 중…</translation>
    </message>
    <message>
        <source>Group %1</source>
        <translation>그룹 %1</translation>
    </message>
    <message>
        <source>That does not match the new code. Look at your paper again, or go Back to it.</source>
        <translation>새 코드와 맞지 않습니다. 종이를 다시 보거나, 코드로 돌아가십시오.</translation>
    </message>
    <message>
        <source>Storing the new recovery code…</source>
        <translation>새 복구 코드를 저장하는 중…</translation>
    </message>
    <message>
        <source>The new recovery code could not be stored; the old one still works: {reason}</source>
        <translation>새 복구 코드를 저장하지 못했습니다. 옛 코드는 계속 작동합니다: {reason}</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDisplay</name>
    <message>
        <source>Group %1</source>
        <translation>그룹 %1</translation>
    </message>
</context>
<context>
    <name>RecoveryCodePage</name>
    <message>
        <source>Your recovery code</source>
        <translation>복구 코드</translation>
    </message>
    <message>
        <source>Write it on paper now. It is shown only this once.</source>
        <translation>지금 종이에 적으십시오. 이번 한 번만 표시됩니다.</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>복구 코드</translation>
    </message>
    <message>
        <source>It opens the workspace if the passphrase is forgotten. Keep the paper apart from the laptop, where no one searching the laptop&apos;s bag would find it. Do not photograph it or type it anywhere else.</source>
        <translation>암호 문구를 잊었을 때 작업 공간을 열 수 있습니다. 종이는 노트북과 따로, 누가 노트북 가방을 뒤져도 찾을 수 없는 곳에 보관하십시오. 사진을 찍거나 다른 곳에 입력하지 마십시오.</translation>
    </message>
    <message>
        <source>I have &amp;written the code on paper</source>
        <translation>코드를 종이에 적었습니다(&amp;W)</translation>
    </message>
    <message>
        <source>I have written the code on paper</source>
        <translation>코드를 종이에 적었습니다</translation>
    </message>
</context>
<context>
    <name>RecoveryFlow</name>
    <message>
        <source>Recovery status</source>
        <translation>복구 상태</translation>
    </message>
    <message>
        <source>XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX</source>
        <translation>XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>복구 코드</translation>
    </message>
    <message>
        <source>Unlock with the &amp;recovery code</source>
        <translation>복구 코드로 잠금 해제(&amp;R)</translation>
    </message>
    <message>
        <source>Unlock with the recovery code</source>
        <translation>복구 코드로 잠금 해제</translation>
    </message>
    <message>
        <source>&amp;Back to the passphrase</source>
        <translation>암호 문구로 돌아가기(&amp;B)</translation>
    </message>
    <message>
        <source>Back to the passphrase</source>
        <translation>암호 문구로 돌아가기</translation>
    </message>
    <message>
        <source>Type the recovery code from your paper.</source>
        <translation>종이에 적은 복구 코드를 입력하십시오.</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>새 암호 문구</translation>
    </message>
    <message>
        <source>Set the &amp;new passphrase</source>
        <translation>새 암호 문구 설정(&amp;N)</translation>
    </message>
    <message>
        <source>Set the new passphrase</source>
        <translation>새 암호 문구 설정</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the recovery</source>
        <translation>복구 취소</translation>
    </message>
    <message>
        <source>The code is right. Choose a new passphrase.</source>
        <translation>코드가 맞습니다. 새 암호 문구를 정하십시오.</translation>
    </message>
    <message>
        <source>New recovery code</source>
        <translation>새 복구 코드</translation>
    </message>
    <message>
        <source>I have written the new code on &amp;paper</source>
        <translation>새 코드를 종이에 적었습니다(&amp;P)</translation>
    </message>
    <message>
        <source>I have written the new code on paper</source>
        <translation>새 코드를 종이에 적었습니다</translation>
    </message>
    <message>
        <source>&amp;Open the workspace</source>
        <translation>작업 공간 열기(&amp;O)</translation>
    </message>
    <message>
        <source>Open the workspace</source>
        <translation>작업 공간 열기</translation>
    </message>
    <message>
        <source>This is your new recovery code; the old one no longer works. Write it on paper now: it is shown only this once.</source>
        <translation>새 복구 코드입니다. 이전 코드는 더 이상 쓸 수 없습니다. 지금 종이에 적으십시오. 이번 한 번만 표시됩니다.</translation>
    </message>
    <message>
        <source>Type the recovery code.</source>
        <translation>복구 코드를 입력하십시오.</translation>
    </message>
    <message>
        <source>The recovery code looks mistyped: check it against the copy you wrote down.</source>
        <translation>복구 코드를 잘못 입력한 것 같습니다. 적어 둔 코드와 비교해 보십시오.</translation>
    </message>
    <message>
        <source>Checking the code…</source>
        <translation>코드를 확인하는 중…</translation>
    </message>
    <message>
        <source>Setting the new passphrase…</source>
        <translation>새 암호 문구를 설정하는 중…</translation>
    </message>
</context>
<context>
    <name>ResendDialog</name>
    <message>
        <source>Send a lost bundle again</source>
        <extracomment>A device exports far fewer bundles than this in its life; the service refuses any it never sent.</extracomment>
        <translation>잃어버린 번들 다시 보내기</translation>
    </message>
    <message>
        <source>Only when the coordinator says a bundle never arrived: its records go again in the next export. The reason stays on this laptop.</source>
        <translation>코디네이터가 번들이 도착하지 않았다고 알려 준 경우에만 사용하십시오. 그 번들의 기록은 다음 내보내기에 다시 포함됩니다. 사유는 이 노트북에만 남습니다.</translation>
    </message>
    <message>
        <source>Number of the lost bundle</source>
        <translation>잃어버린 번들의 번호</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>For example: the stick was lost on the way</source>
        <translation>예: 이동 중에 USB를 잃어버렸음</translation>
    </message>
    <message>
        <source>&amp;Send again</source>
        <translation>다시 보내기(&amp;S)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>&amp;Bundle number</source>
        <translation>번들 번호(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>사유(&amp;R)</translation>
    </message>
    <message>
        <source>The records of bundle %1 will go in the next export.</source>
        <translation>번들 %1의 기록은 다음 내보내기에 포함됩니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n testimony version(s) stay here: consent no longer allows it.</source>
        <translation>
            <numerusform>증언 버전 %n개는 동의가 더 이상 허용하지 않아 이 노트북에 남습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n opening(s) it carried are logged again and go with the next export.</source>
        <translation>
            <numerusform>그 번들에 담겨 있던 열람 기록 %n건을 다시 기록했으며, 다음 내보내기와 함께 전달됩니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <source>What the verdict rests on</source>
        <translation>판정의 근거</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>기기 명단</translation>
    </message>
    <message>
        <source>Coordinator key fingerprint, read aloud</source>
        <translation>코디네이터 키 지문(소리 내어 읽는 숫자)</translation>
    </message>
    <message>
        <source>Each file and each chain</source>
        <translation>파일별, 이력별 결과</translation>
    </message>
</context>
<context>
    <name>RolePage</name>
    <message>
        <source>Welcome to Fieldapp</source>
        <translation>Fieldapp에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>First, say what this computer is for.</source>
        <translation>먼저 이 컴퓨터의 용도를 선택하십시오.</translation>
    </message>
    <message>
        <source>&amp;Interviewer: a field laptop</source>
        <translation>면담자(&amp;I): 현장용 노트북</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>면담자</translation>
    </message>
    <message>
        <source>&amp;Coordinator: the archive workstation</source>
        <translation>코디네이터(&amp;C): 아카이브 컴퓨터</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>코디네이터</translation>
    </message>
    <message>
        <source>I only check &amp;files (auditor): no workspace, no secret</source>
        <translation>파일만 확인합니다(감사자): 작업 공간도 비밀도 필요 없음(&amp;F)</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>감사자</translation>
    </message>
    <message>
        <source>Records testimonies and sends them to the archive in sealed bundles.</source>
        <translation>증언을 기록하고 봉인된 번들로 아카이브에 보냅니다.</translation>
    </message>
    <message>
        <source>Enrols field laptops, imports their bundles and keeps the archive.</source>
        <translation>현장 노트북을 등록하고, 번들을 가져오며, 아카이브를 관리합니다.</translation>
    </message>
    <message>
        <source>Checks that bundles and packs are signed by enrolled devices, unbroken and in sequence. Nothing is set up on this computer.</source>
        <translation>번들과 팩이 등록된 기기의 서명을 받았고 끊김 없이 차례대로인지 확인합니다. 이 컴퓨터에는 아무것도 설정하지 않습니다.</translation>
    </message>
    <message>
        <source>&amp;Verify files…</source>
        <translation>파일 검증(&amp;V)…</translation>
    </message>
</context>
<context>
    <name>SealDialog</name>
    <message>
        <source>Seal the testimony</source>
        <translation>증언 봉인</translation>
    </message>
    <message>
        <source>What is missing before sealing</source>
        <translation>봉인하기 전에 빠진 것</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>The testimony cannot be sealed yet:</source>
        <translation>아직 증언을 봉인할 수 없습니다:</translation>
    </message>
    <message>
        <source>Nothing blocking is missing. Sealing fixes the content and signs it; later corrections are made by amendment.</source>
        <translation>봉인을 막는 빠진 항목이 없습니다. 봉인하면 내용이 고정되고 서명됩니다. 이후의 정정은 수정본으로 합니다.</translation>
    </message>
    <message>
        <source>&amp;Seal</source>
        <translation>봉인(&amp;S)</translation>
    </message>
    <message>
        <source>Worth checking first:</source>
        <translation>먼저 확인해 볼 만한 것:</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 분</translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation>사용하지 않을 때 자동 잠금까지의 시간(분)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>A new language is used from the next start.</source>
        <translation>새 언어는 다음 실행부터 적용됩니다.</translation>
    </message>
    <message>
        <source>&amp;Lock after</source>
        <translation>자동 잠금(&amp;L)</translation>
    </message>
    <message>
        <source>L&amp;anguage</source>
        <translation>언어(&amp;A)</translation>
    </message>
</context>
<context>
    <name>SharesPage</name>
    <message>
        <source>Type the words of one share from its paper, in order, separated by spaces, then press Enter. Each share is checked as it is added; when you have added as many as are needed, press That is all.</source>
        <translation>조각 하나의 단어를 종이에 적힌 순서대로 띄어 써서 입력한 뒤 Enter 키를 누르십시오. 각 조각은 추가할 때 확인합니다. 필요한 수만큼 추가했으면 &apos;이것이 전부입니다&apos;를 누르십시오.</translation>
    </message>
    <message>
        <source>Shares added</source>
        <translation>추가한 조각</translation>
    </message>
    <message>
        <source>&amp;Add this share</source>
        <translation>이 조각 추가(&amp;A)</translation>
    </message>
    <message>
        <source>Add this share</source>
        <translation>이 조각 추가</translation>
    </message>
    <message>
        <source>&amp;That is all</source>
        <translation>이것이 전부입니다(&amp;T)</translation>
    </message>
    <message>
        <source>That is all the shares</source>
        <translation>조각은 이것이 전부입니다</translation>
    </message>
    <message>
        <source>Start a&amp;gain</source>
        <translation>다시 시작(&amp;G)</translation>
    </message>
    <message>
        <source>Forget the shares added</source>
        <translation>추가한 조각 잊기</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Type the words of share {n}.</source>
        <translation>{n}번 조각의 단어를 입력하십시오.</translation>
    </message>
    <message>
        <source>Share {position}</source>
        <translation>{position}번 조각</translation>
    </message>
    <message>
        <source>No share has been added yet.</source>
        <translation>아직 추가한 조각이 없습니다.</translation>
    </message>
    <message>
        <source>{given} of the {needed} shares needed have been added.</source>
        <translation>필요한 조각 {needed}개 중 {given}개를 추가했습니다.</translation>
    </message>
    <message>
        <source>{given} shares have been added; {needed} restore the keys.</source>
        <translation>조각 {given}개를 추가했습니다. 키 복원에는 {needed}개가 필요합니다.</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <source>This folder holds a workspace whose keys are missing. Restore them from a key backup file and its passphrase, or from enough key shares written on paper; then choose a new passphrase. Only the new keys are written.</source>
        <extracomment>Characters of a read-back group before it is judged (a group is four). Keys that would select, copy or cut a share&apos;s words; typing needs none of them.</extracomment>
        <translation>이 폴더에는 키가 없는 작업 공간이 있습니다. 키 백업 파일과 그 암호 문구로, 또는 종이에 적힌 충분한 수의 키 조각으로 키를 복원한 뒤 새 암호 문구를 정하십시오. 새 키만 기록됩니다.</translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation>작업 공간 폴더</translation>
    </message>
    <message>
        <source>From a key &amp;backup file</source>
        <translation>키 백업 파일에서(&amp;B)</translation>
    </message>
    <message>
        <source>From a key backup file</source>
        <translation>키 백업 파일에서</translation>
    </message>
    <message>
        <source>From key &amp;shares</source>
        <translation>키 조각에서(&amp;S)</translation>
    </message>
    <message>
        <source>From key shares</source>
        <translation>키 조각에서</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>다음(&amp;N)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>다음</translation>
    </message>
</context>
<context>
    <name>TestimonyEditor</name>
    <message>
        <source>Sections of the testimony</source>
        <extracomment>The role whose workspace only receives records (``session.workspace_role``). A withdrawal of consent was recorded (on the laptop, or at the archive for the office): what the testimony may be used for changed. Who leaves the editor on *Back to the list* (the window: at once, the edits stored on a worker); without one, the editor saves here, then closes.</extracomment>
        <translation>증언 항목</translation>
    </message>
    <message>
        <source>&amp;Consent</source>
        <translation>동의(&amp;C)</translation>
    </message>
    <message>
        <source>Inter&amp;view</source>
        <translation>면담(&amp;V)</translation>
    </message>
    <message>
        <source>Wit&amp;ness</source>
        <translation>증언자(&amp;N)</translation>
    </message>
    <message>
        <source>Na&amp;rrative</source>
        <translation>진술(&amp;R)</translation>
    </message>
    <message>
        <source>Inci&amp;dents</source>
        <translation>사건(&amp;D)</translation>
    </message>
    <message>
        <source>Attac&amp;hments</source>
        <translation>첨부 파일(&amp;H)</translation>
    </message>
    <message>
        <source>Custod&amp;y</source>
        <translation>보관 이력(&amp;Y)</translation>
    </message>
    <message>
        <source>The identity was not saved: {reason}</source>
        <translation>신원을 저장하지 못했습니다: {reason}</translation>
    </message>
    <message>
        <source>The consent was recorded.</source>
        <translation>동의를 기록했습니다.</translation>
    </message>
    <message>
        <source>The withdrawal received at the office was recorded.</source>
        <extracomment>The states an amendment can start from: a record sealed, whether or not it has left yet.</extracomment>
        <translation>사무실에서 받은 철회를 기록했습니다.</translation>
    </message>
    <message>
        <source> Write the withdrawal pack for the laptop that sent this testimony: Sync &gt; Write withdrawal packs…</source>
        <translation> 이 증언을 보낸 노트북에 보낼 철회 팩을 작성하십시오: 동기화 &gt; 철회 팩 작성…</translation>
    </message>
    <message>
        <source>The withdrawal was recorded.</source>
        <translation>철회를 기록했습니다.</translation>
    </message>
    <message>
        <source>The testimony was sealed.</source>
        <translation>증언을 봉인했습니다.</translation>
    </message>
    <message>
        <source>Amend the testimony</source>
        <translation>증언 수정</translation>
    </message>
    <message>
        <source>Open an amendment? A new draft version is made from this one, which stays sealed as it is; the amendment is sealed in its turn.</source>
        <translation>수정본을 여시겠습니까? 이 버전에서 새 초안 버전이 만들어지며, 이 버전은 봉인된 그대로 남습니다. 수정본도 나중에 봉인합니다.</translation>
    </message>
    <message>
        <source>Amendment opened: this is a new draft version.</source>
        <translation>수정본을 열었습니다. 새 초안 버전입니다.</translation>
    </message>
</context>
<context>
    <name>TestimonyListView</name>
    <message>
        <source>Search testimonies</source>
        <translation>증언 검색</translation>
    </message>
    <message>
        <source>Strictly confidential testimonies are found by title and interviewer only.</source>
        <translation>극비 증언은 제목과 면담자로만 검색됩니다.</translation>
    </message>
    <message>
        <source>May be &amp;used for:</source>
        <translation>이용 가능 목적(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;New testimony</source>
        <translation>새 증언(&amp;N)</translation>
    </message>
    <message>
        <source>New testimony</source>
        <translation>새 증언</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Show testimonies with status</source>
        <translation>표시할 증언 상태</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>초안</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>보관됨</translation>
    </message>
    <message>
        <source>Show testimonies whose consent allows</source>
        <translation>동의가 허용하는 증언 보기</translation>
    </message>
    <message>
        <source>Any use</source>
        <translation>전체</translation>
    </message>
</context>
<context>
    <name>TestimonyTableModel</name>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>증언자</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>(content removed from this laptop: the archive holds it)</source>
        <translation>(이 노트북에서 내용 삭제됨: 아카이브에 보관됨)</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>초안</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>보관됨</translation>
    </message>
    <message>
        <source>Purged</source>
        <translation>삭제됨</translation>
    </message>
</context>
<context>
    <name>UnlockView</name>
    <message>
        <source>Unlock the workspace</source>
        <extracomment>Something was typed into the form (the passphrase, the recovery form&apos;s fields): the window watches for idle time from then on, and ``forget_typed`` ends it.</extracomment>
        <translation>작업 공간 잠금 해제</translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation>작업 공간 폴더</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>잠금 해제</translation>
    </message>
    <message>
        <source>&amp;Forgot the passphrase? Use the recovery code</source>
        <translation>암호 문구를 잊으셨습니까? 복구 코드 사용(&amp;F)</translation>
    </message>
    <message>
        <source>Use the recovery code</source>
        <translation>복구 코드 사용</translation>
    </message>
    <message>
        <source>Unlock status</source>
        <translation>잠금 해제 상태</translation>
    </message>
    <message>
        <source>Notice from the last session</source>
        <extracomment>What the person must know from the last session (edits lost at the lock); kept through ``reset`` until the next unlock.</extracomment>
        <translation>지난 세션의 알림</translation>
    </message>
    <message>
        <source>Time before the next attempt</source>
        <translation>다음 시도까지 남은 시간</translation>
    </message>
    <message>
        <source>Type the workspace&apos;s passphrase.</source>
        <translation>작업 공간의 암호 문구를 입력하십시오.</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>잠금 해제 중…</translation>
    </message>
    <message>
        <source>The new passphrase was set, but its new recovery code was not written down, and the old code no longer works. Unlock with the new passphrase, then make a new code: Workspace &gt; Make a new recovery code…</source>
        <translation>새 암호는 설정되었지만 새 복구 코드를 적어 두지 못했고, 옛 코드는 더 이상 작동하지 않습니다. 새 암호로 잠금을 해제한 뒤 새 코드를 만드십시오: 작업 공간 &gt; 새 복구 코드 만들기…</translation>
    </message>
    <message numerus="yes">
        <source>Try again in %n s</source>
        <translation>
            <numerusform>%n초 후 다시 시도하십시오</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Choose the bundles and packs</source>
        <extracomment>``choose(parent, start_folder)`` -&gt; the chosen files ([] when none was chosen). ``choose(parent, start_folder)`` -&gt; the chosen path (None when none was chosen).</extracomment>
        <translation>번들과 팩 선택</translation>
    </message>
    <message>
        <source>Bundles and packs (*.fieldbundle *.fieldpack);;All files (*)</source>
        <translation>번들과 팩 (*.fieldbundle *.fieldpack);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Choose a folder of bundles and packs</source>
        <translation>번들과 팩이 든 폴더 선택</translation>
    </message>
    <message>
        <source>Choose the roster</source>
        <translation>기기 명단 선택</translation>
    </message>
    <message>
        <source>Rosters (roster.json allowed_signers);;All files (*)</source>
        <translation>기기 명단 (roster.json allowed_signers);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>보고서 저장</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 파일 (*.json)</translation>
    </message>
    <message>
        <source>Verify files</source>
        <extracomment>The work besides a check (``VerifyDialog._work_kind``). What the work running is: a check (``None``), a folder&apos;s search or a report&apos;s save.</extracomment>
        <translation>파일 검증</translation>
    </message>
    <message>
        <source>Check that bundles and packs are signed by enrolled keys, unbroken and in sequence. No secret is needed, and nothing is changed: the files are only read.</source>
        <translation>번들과 팩이 등록된 키로 서명되었고 끊김 없이 차례대로인지 확인합니다. 비밀은 필요 없고 바뀌는 것도 없습니다. 파일을 읽기만 합니다.</translation>
    </message>
    <message>
        <source>Files to check</source>
        <translation>확인할 파일</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>파일 추가(&amp;F)…</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>파일 추가</translation>
    </message>
    <message>
        <source>Add a f&amp;older…</source>
        <translation>폴더 추가(&amp;O)…</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>폴더 추가</translation>
    </message>
    <message>
        <source>Cl&amp;ear</source>
        <translation>비우기(&amp;E)</translation>
    </message>
    <message>
        <source>Clear the files</source>
        <translation>파일 목록 비우기</translation>
    </message>
    <message>
        <source>Roster file</source>
        <translation>기기 명단 파일</translation>
    </message>
    <message>
        <source>roster.json (with roster.json.sig beside it), or an allowed_signers file</source>
        <translation>roster.json(옆에 roster.json.sig가 있어야 함) 또는 allowed_signers 파일</translation>
    </message>
    <message>
        <source>Choose &amp;roster…</source>
        <translation>기기 명단 선택(&amp;R)…</translation>
    </message>
    <message>
        <source>Coordinator key fingerprint</source>
        <translation>코디네이터 키 지문</translation>
    </message>
    <message>
        <source>optional: SHA256:…, or the 80 digits read aloud</source>
        <translation>선택 사항: SHA256:… 또는 소리 내어 읽는 숫자 80개</translation>
    </message>
    <message>
        <source>Verification progress</source>
        <translation>검증 진행 상황</translation>
    </message>
    <message>
        <source>Verification status</source>
        <translation>검증 상태</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>검증(&amp;V)</translation>
    </message>
    <message>
        <source>Verify the files</source>
        <translation>파일 검증하기</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the check</source>
        <translation>확인 취소</translation>
    </message>
    <message>
        <source>&amp;Save the report…</source>
        <translation>보고서 저장(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the report as JSON</source>
        <translation>보고서를 JSON으로 저장</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Roster:</source>
        <translation>기기 명단:</translation>
    </message>
    <message>
        <source>Coordinator key:</source>
        <translation>코디네이터 키:</translation>
    </message>
    <message>
        <source>Looking for bundles and packs in the folder…</source>
        <translation>폴더에서 번들과 팩을 찾는 중…</translation>
    </message>
    <message>
        <source>That folder holds more than {count} bundles and packs, more than one check takes: choose a folder inside it, or add the files in parts.</source>
        <translation>그 폴더에는 번들과 팩이 {count}개보다 많아 한 번에 확인할 수 있는 수를 넘습니다. 그 안의 폴더를 선택하거나 파일을 나누어 추가하십시오.</translation>
    </message>
    <message>
        <source>That folder holds no bundles (.fieldbundle) or packs (.fieldpack).</source>
        <translation>그 폴더에는 번들(.fieldbundle)도 팩(.fieldpack)도 없습니다.</translation>
    </message>
    <message>
        <source>Choose the roster first: roster.json from the coordinator, or an allowed_signers file.</source>
        <translation>먼저 기기 명단을 선택하십시오: 코디네이터가 준 roster.json 또는 allowed_signers 파일입니다.</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>파일을 확인하는 중…</translation>
    </message>
    <message>
        <source>The coordinator key&apos;s fingerprint is not one: give it as SHA256: and 43 characters, as printed, or as the 80 digits read aloud (sixteen groups of five).</source>
        <translation>코디네이터 키 지문이 올바르지 않습니다. 인쇄된 대로 SHA256: 뒤에 43자를 쓰거나, 소리 내어 읽는 숫자 80개(다섯 자리씩 열여섯 묶음)로 입력하십시오.</translation>
    </message>
    <message>
        <source>The search of the folder was cancelled: no file was added.</source>
        <translation>폴더 찾기를 취소했습니다. 추가된 파일은 없습니다.</translation>
    </message>
    <message>
        <source>The check was cancelled before it ended: there is no verdict.</source>
        <translation>확인이 끝나기 전에 취소되었습니다. 판정은 없습니다.</translation>
    </message>
    <message>
        <source>The roster is not signed by the coordinator key you entered: it was signed by another key. Check the fingerprint with the coordinator; the files cannot be checked against this roster.</source>
        <translation>기기 명단이 입력하신 코디네이터 키로 서명되지 않았습니다. 다른 키로 서명되었습니다. 코디네이터와 지문을 확인하십시오. 이 명단으로는 파일을 확인할 수 없습니다.</translation>
    </message>
    <message>
        <source>Saving the report…</source>
        <translation>보고서를 저장하는 중…</translation>
    </message>
    <message>
        <source>The report was saved as {name}.</source>
        <translation>보고서를 {name}(으)로 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>VerifyReportText</name>
    <message>
        <source>{name} (in {folder})</source>
        <translation>{name}({folder} 안)</translation>
    </message>
    <message numerus="yes">
        <source>{refused} of %n file(s) refused.</source>
        <translation>
            <numerusform>파일 %n개 중 {refused}개가 거부되었습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) verified; the chains are unbroken, but for bundles the coordinator accepted as lost.</source>
        <translation>
            <numerusform>파일 %n개 모두 검증되었습니다. 코디네이터가 분실로 인정한 번들을 빼면 이력이 끊기지 않았습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) verified; the chains are unbroken.</source>
        <translation>
            <numerusform>파일 %n개 모두 검증되었습니다. 이력이 끊기지 않았습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) match this roster; the chains are unbroken, but for bundles the coordinator accepted as lost.</source>
        <translation>
            <numerusform>파일 %n개 모두 이 기기 명단과 맞습니다. 코디네이터가 분실로 인정한 번들을 빼면 이력이 끊기지 않았습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) match this roster; the chains are unbroken.</source>
        <translation>
            <numerusform>파일 %n개 모두 이 기기 명단과 맞습니다. 이력이 끊기지 않았습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>The roster is not confirmed as the coordinator&apos;s.</source>
        <translation>이 기기 명단이 코디네이터의 것인지 확인되지 않았습니다.</translation>
    </message>
    <message>
        <source>The roster is not signed: it is only as trustworthy as the way it reached you.</source>
        <translation>기기 명단에 서명이 없습니다. 이 명단은 그것을 전해 받은 경로만큼만 믿을 수 있습니다.</translation>
    </message>
    <message>
        <source>Before relying on this, compare the roster&apos;s coordinator key below with the one you trust.</source>
        <translation>이 결과를 믿기 전에, 아래에 나온 기기 명단의 코디네이터 키를 신뢰하는 키와 대조하십시오.</translation>
    </message>
    <message numerus="yes">
        <source>Roster: an allowed_signers file with %n key(s), not signed: trust it only if it reached you through a channel you trust.</source>
        <translation>
            <numerusform>기기 명단: 키 %n개가 든 allowed_signers 파일이며 서명이 없습니다. 신뢰하는 경로로 받은 경우에만 믿으십시오.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Roster: signed by the coordinator key {fingerprint}, the one you entered, as expected. It lists %n device(s).</source>
        <translation>
            <numerusform>기기 명단: 입력하신 대로 코디네이터 키 {fingerprint}의 서명이 있습니다. 기기 %n대가 실려 있습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Roster: signed by the coordinator key {fingerprint}. It lists %n device(s). Anyone can sign a roster with a key of their own: compare this fingerprint with the one the coordinator gave you (or enter it above and verify again). Read aloud, it is:</source>
        <translation>
            <numerusform>기기 명단: 코디네이터 키 {fingerprint}의 서명이 있습니다. 기기 %n대가 실려 있습니다. 누구나 자기 키로 명단에 서명할 수 있으니, 이 지문을 코디네이터에게 받은 지문과 대조하십시오(또는 위에 입력하고 다시 검증하십시오). 소리 내어 읽으면 다음과 같습니다:</numerusform>
        </translation>
    </message>
    <message>
        <source>“{label}” ({fingerprint})</source>
        <translation>“{label}”({fingerprint})</translation>
    </message>
    <message>
        <source>an enrolment pack</source>
        <translation>등록 팩</translation>
    </message>
    <message>
        <source>a receipt pack</source>
        <translation>수령증 팩</translation>
    </message>
    <message>
        <source>a revocation pack</source>
        <translation>등록 취소 팩</translation>
    </message>
    <message>
        <source>a vocabulary pack</source>
        <translation>어휘 팩</translation>
    </message>
    <message>
        <source>a withdrawal pack</source>
        <translation>철회 팩</translation>
    </message>
    <message>
        <source>a pack of kind “{kind}”</source>
        <translation>“{kind}” 종류의 팩</translation>
    </message>
    <message>
        <source>{name} is refused: {reason}.</source>
        <translation>{name}은(는) 거부되었습니다: {reason}.</translation>
    </message>
    <message>
        <source>(The same file as {first}, given twice: one verdict for both.)</source>
        <translation>({first}과(와) 같은 파일이 두 번 주어졌습니다. 둘 다 같은 판정입니다.)</translation>
    </message>
    <message>
        <source>{name} is verified: {kind} number {number} from the coordinator key {signer}, to the device {recipient}.</source>
        <translation>{name}은(는) 검증되었습니다: 코디네이터 키 {signer}이(가) 기기 {recipient}에 보낸 {kind} 번호 {number}입니다.</translation>
    </message>
    <message>
        <source>{name} is verified: bundle {number} of the device {device}.</source>
        <translation>{name}은(는) 검증되었습니다: 기기 {device}의 번들 {number}입니다.</translation>
    </message>
    <message>
        <source>missing: {numbers}</source>
        <translation>빠짐: {numbers}</translation>
    </message>
    <message>
        <source>given twice (a replay): {numbers}</source>
        <translation>두 번 주어짐(재전송): {numbers}</translation>
    </message>
    <message>
        <source>two different files claim one number (a fork): {numbers}</source>
        <translation>서로 다른 두 파일이 한 번호를 주장함(갈라진 이력): {numbers}</translation>
    </message>
    <message>
        <source>the chain is broken (not following the one before) at: {numbers}</source>
        <translation>이력이 끊어짐(앞의 것에 이어지지 않음): {numbers}</translation>
    </message>
    <message>
        <source>missing, accepted as lost by the coordinator: {numbers}</source>
        <translation>빠졌으나 코디네이터가 분실로 인정함: {numbers}</translation>
    </message>
    <message>
        <source>in order, no gap</source>
        <translation>순서대로이며 빠진 것 없음</translation>
    </message>
    <message>
        <source>The device {device}, bundle {numbers}: {state}.</source>
        <translation>기기 {device}, 번들 {numbers}: {state}.</translation>
    </message>
    <message>
        <source>The device {device}, bundles {numbers}: {state}.</source>
        <translation>기기 {device}, 번들 {numbers}: {state}.</translation>
    </message>
    <message>
        <source>Bundle 1, before them, is not among the files checked.</source>
        <translation>그 앞의 번들 1은 확인한 파일에 없습니다.</translation>
    </message>
    <message>
        <source>Bundles 1 to {last}, before them, are not among the files checked.</source>
        <translation>그 앞의 번들 1부터 {last}까지는 확인한 파일에 없습니다.</translation>
    </message>
    <message>
        <source>Pack number 1, before them, is not among the files checked.</source>
        <translation>그 앞의 팩 번호 1은 확인한 파일에 없습니다.</translation>
    </message>
    <message>
        <source>Packs number 1 to {last}, before them, are not among the files checked.</source>
        <translation>그 앞의 팩 번호 1부터 {last}까지는 확인한 파일에 없습니다.</translation>
    </message>
    <message>
        <source>Packs to the device {recipient} from the key {signer}, number {numbers}: {state}.</source>
        <translation>키 {signer}이(가) 기기 {recipient}에 보낸 팩, 번호 {numbers}: {state}.</translation>
    </message>
    <message>
        <source>Packs to the device {recipient} from the key {signer}, numbers {numbers}: {state}.</source>
        <translation>키 {signer}이(가) 기기 {recipient}에 보낸 팩, 번호 {numbers}: {state}.</translation>
    </message>
</context>
<context>
    <name>VocabularyPackDialog</name>
    <message>
        <source>C&amp;hoose vocabulary files…</source>
        <extracomment>How the dialog asks for files: ``choose(parent, start_folder)`` -&gt; the chosen paths.</extracomment>
        <translation>어휘 목록 파일 선택(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the vocabulary files</source>
        <translation>어휘 목록 파일 선택</translation>
    </message>
    <message>
        <source>Cl&amp;ear the choice</source>
        <translation>선택 지우기(&amp;E)</translation>
    </message>
    <message>
        <source>Choose no vocabulary file</source>
        <translation>어휘 목록 파일을 선택하지 않음</translation>
    </message>
    <message>
        <source>Chosen vocabulary files</source>
        <translation>선택한 어휘 목록 파일</translation>
    </message>
    <message>
        <source>Send vocabularies</source>
        <translation>어휘 목록 보내기</translation>
    </message>
    <message>
        <source>Choose the newer vocabulary files (.json) the archive is to use: each must keep every code of the version it follows. A vocabulary pack then goes to each enrolled laptop, which applies it (Sync &gt; Apply pack). With no file chosen, the vocabularies the archive holds are sent to the laptops that lack them.</source>
        <translation>아카이브가 사용할 새 어휘 목록 파일(.json)을 선택하십시오. 각 파일은 이전 버전의 코드를 모두 유지해야 합니다. 그러면 등록된 노트북마다 어휘 팩이 만들어지고, 노트북에서 이를 적용합니다(동기화 &gt; 팩 적용). 파일을 선택하지 않으면 아카이브가 가진 어휘 목록을 아직 받지 않은 노트북에 보냅니다.</translation>
    </message>
    <message>
        <source>&amp;Send vocabularies</source>
        <translation>어휘 목록 보내기(&amp;S)</translation>
    </message>
    <message>
        <source>Writing vocabulary packs…</source>
        <translation>어휘 팩을 작성하는 중…</translation>
    </message>
    <message>
        <source>Vocabularies are sent from the archive&apos;s workspace; this is a field laptop&apos;s.</source>
        <translation>어휘 목록은 아카이브의 작업 공간에서 보냅니다. 이것은 현장 노트북의 작업 공간입니다.</translation>
    </message>
    <message>
        <source>No file: the vocabularies the archive holds</source>
        <translation>파일 없음: 아카이브가 가진 어휘 목록</translation>
    </message>
    <message>
        <source>Vocabularies (*.json)</source>
        <translation>어휘 목록 (*.json)</translation>
    </message>
    <message>
        <source>{laptop}: {name}</source>
        <translation>{laptop}: {name}</translation>
    </message>
    <message numerus="yes">
        <source>%n vocabulary pack(s) written.</source>
        <translation>
            <numerusform>어휘 팩 %n개를 작성했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>No vocabulary pack was written: the archive holds no vocabulary beyond the program&apos;s own.</source>
        <translation>어휘 팩을 작성하지 않았습니다. 아카이브에는 프로그램에 들어 있는 것 외의 어휘 목록이 없습니다.</translation>
    </message>
    <message>
        <source>No vocabulary pack was written: every laptop has been sent these vocabularies. A lost pack can be written again, unchanged, with “fieldapp pack resend”.</source>
        <translation>어휘 팩을 작성하지 않았습니다. 모든 노트북에 이미 이 어휘 목록을 보냈습니다. 잃어버린 팩은 “fieldapp pack resend”로 그대로 다시 작성할 수 있습니다.</translation>
    </message>
    <message numerus="yes">
        <source>{vocabulary}: version {old} → {new}, %n new code(s).</source>
        <translation>
            <numerusform>{vocabulary}: 버전 {old} → {new}, 새 코드 %n개.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>There is no workspace here yet</source>
        <translation>아직 이곳에 작업 공간이 없습니다</translation>
    </message>
    <message>
        <source>Set up this laptop for interviews, or as the coordinator&apos;s archive. It takes a few minutes: a passphrase, and a recovery code to write on paper.</source>
        <translation>이 노트북을 면담용 또는 코디네이터의 아카이브용으로 설정하십시오. 몇 분이면 됩니다. 암호 문구를 정하고, 복구 코드를 종이에 적습니다.</translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation>작업 공간 폴더</translation>
    </message>
    <message>
        <source>&amp;Set up…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>&amp;Restore the keys…</source>
        <translation>키 복원(&amp;R)…</translation>
    </message>
    <message>
        <source>Restore the keys</source>
        <translation>키 복원</translation>
    </message>
    <message>
        <source>&amp;Finish the wipe</source>
        <translation>긴급 삭제 마치기(&amp;F)</translation>
    </message>
    <message>
        <source>Finish the wipe</source>
        <translation>긴급 삭제 마치기</translation>
    </message>
    <message>
        <source>&amp;Verify files…</source>
        <translation>파일 검증(&amp;V)…</translation>
    </message>
    <message>
        <source>Verify files (no workspace needed)</source>
        <translation>파일 검증(작업 공간 필요 없음)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>An emergency wipe was interrupted</source>
        <translation>긴급 삭제가 중단되었습니다</translation>
    </message>
    <message>
        <source>An emergency wipe of this folder began and was cut before it finished. What is left cannot be opened again: finish the wipe to destroy it.</source>
        <translation>이 폴더의 긴급 삭제가 시작되었지만 끝나기 전에 중단되었습니다. 남은 것은 다시 열 수 없습니다. 긴급 삭제를 마쳐 남은 것을 파기하십시오.</translation>
    </message>
    <message>
        <source>If this folder is instead a copy awaiting its keys, and the wipe was of another workspace, restore the keys: the restore tells the two apart, and refuses the keys of the workspace whose wipe was cut.</source>
        <translation>이 폴더가 키를 기다리는 작업 공간 사본이고 긴급 삭제가 다른 작업 공간의 것이었다면 키를 복원하십시오. 복원은 둘을 구별하며, 긴급 삭제가 중단된 작업 공간의 키는 거부합니다.</translation>
    </message>
    <message>
        <source>This workspace&apos;s keys are missing</source>
        <translation>이 작업 공간의 키가 없습니다</translation>
    </message>
    <message>
        <source>This folder holds a workspace whose keys are missing: restore them from a key backup or from key shares.</source>
        <translation>이 폴더에는 키가 없는 작업 공간이 있습니다. 키 백업이나 키 조각으로 키를 복원하십시오.</translation>
    </message>
    <message>
        <source>Wiping…</source>
        <translation>삭제하는 중…</translation>
    </message>
    <message>
        <source>The wipe is finished: nothing of the workspace is left.</source>
        <translation>긴급 삭제를 마쳤습니다. 작업 공간은 아무것도 남지 않았습니다.</translation>
    </message>
    <message>
        <source>The wipe is finished: the workspace&apos;s keys, records and attachments are destroyed. Its custodian folder was left as it is: it holds only witness identities encrypted to the custodian&apos;s key, which is kept apart.</source>
        <translation>긴급 삭제를 마쳤습니다. 작업 공간의 키와 기록, 첨부 파일은 파기되었습니다. 관리인 폴더는 그대로 남겨 두었습니다. 이 폴더에는 따로 보관되는 관리인의 키로 암호화된 증언자 신원만 들어 있습니다.</translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <source>Record a withdrawal of consent</source>
        <translation>동의 철회 기록</translation>
    </message>
    <message>
        <source>Choose the uses the witness withdrew. Withdrawing archiving withdraws every use that draws on the archived testimony.</source>
        <translation>증언자가 철회한 이용 목적을 선택하십시오. 아카이브 보관을 철회하면 보관된 증언을 사용하는 모든 이용 목적이 함께 철회됩니다.</translation>
    </message>
    <message>
        <source>Record a withdrawal received at the office</source>
        <translation>사무실에서 받은 철회 기록</translation>
    </message>
    <message>
        <source>Choose the uses the witness withdrew when they reached the office. A use already not allowed can be withdrawn too: the laptop may hold a newer consent that allows it.</source>
        <translation>증언자가 사무실에 연락하여 철회한 이용 목적을 선택하십시오. 이미 허용되지 않은 목적도 철회할 수 있습니다. 노트북에 그 목적을 허용하는 더 새로운 동의가 있을 수 있기 때문입니다.</translation>
    </message>
    <message>
        <source>What the withdrawal stops</source>
        <translation>철회로 중단되는 것</translation>
    </message>
    <message>
        <source>How the withdrawal was received</source>
        <translation>철회를 받은 방법</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>접수한 사람</translation>
    </message>
    <message>
        <source>Notes on the withdrawal</source>
        <translation>철회에 관한 메모</translation>
    </message>
    <message>
        <source>&amp;Record withdrawal</source>
        <translation>철회 기록(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;How</source>
        <translation>방법(&amp;H)</translation>
    </message>
    <message>
        <source>Received &amp;by</source>
        <translation>접수한 사람(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>메모(&amp;N)</translation>
    </message>
    <message>
        <source>{use} (already not allowed by version {version})</source>
        <translation>{use} (버전 {version}에서 이미 허용되지 않음)</translation>
    </message>
    <message>
        <source>This stops: {uses}.</source>
        <translation>중단되는 이용 목적: {uses}.</translation>
    </message>
    <message>
        <source>This stops no use allowed now.</source>
        <translation>지금 허용된 이용 목적 중 중단되는 것은 없습니다.</translation>
    </message>
    <message>
        <source>Already not allowed by version {version}: {uses}; withdrawn all the same, so that a newer version the laptop took before it was told does not allow them.</source>
        <translation>버전 {version}에서 이미 허용되지 않음: {uses}. 노트북이 철회를 전달받기 전에 받은 더 새로운 버전이 이를 허용하지 않도록 그래도 철회합니다.</translation>
    </message>
    <message>
        <source>Withdrawing keeping it in the archive stops every use except contacting the witness again.</source>
        <translation>아카이브 보관을 철회하면 추후 연락을 제외한 모든 이용 목적이 중단됩니다.</translation>
    </message>
    <message>
        <source>Still allowed: {uses}.</source>
        <translation>계속 허용되는 이용 목적: {uses}.</translation>
    </message>
    <message>
        <source>No use remains allowed.</source>
        <translation>허용된 이용 목적이 남아 있지 않습니다.</translation>
    </message>
    <message>
        <source>Record the withdrawal</source>
        <translation>철회 기록</translation>
    </message>
    <message>
        <source>Record this withdrawal?</source>
        <translation>이 철회를 기록하시겠습니까?</translation>
    </message>
    <message>
        <source>It cannot be undone: only a new consent, taken by an interviewer, allows a use again.</source>
        <translation>되돌릴 수 없습니다. 면담자가 새 동의를 받아야만 이용 목적이 다시 허용됩니다.</translation>
    </message>
</context>
<context>
    <name>WithdrawalPackDialog</name>
    <message>
        <source>Write withdrawal packs</source>
        <translation>철회 팩 작성</translation>
    </message>
    <message>
        <source>A withdrawal pack is written for each laptop that sent a testimony whose witness withdrew consent at the office, and that was not told yet. The interviewer applies it on the laptop (Sync &gt; Apply pack), which then no longer allows the uses withdrawn.</source>
        <translation>증언자가 사무실에서 동의를 철회한 증언을 보냈고 아직 그 사실을 전달받지 않은 노트북마다 철회 팩을 하나씩 작성합니다. 면담자가 노트북에서 이를 적용하면(동기화 &gt; 팩 적용) 철회된 이용 목적이 더 이상 허용되지 않습니다.</translation>
    </message>
    <message>
        <source>&amp;Write withdrawal packs</source>
        <translation>철회 팩 작성(&amp;W)</translation>
    </message>
    <message>
        <source>Writing withdrawal packs…</source>
        <translation>철회 팩을 작성하는 중…</translation>
    </message>
    <message>
        <source>Withdrawal packs are written in the archive&apos;s workspace; this is a field laptop&apos;s.</source>
        <translation>철회 팩은 아카이브의 작업 공간에서 작성합니다. 이것은 현장 노트북의 작업 공간입니다.</translation>
    </message>
    <message>
        <source>No withdrawal to send: every laptop already knows of each withdrawal received at the office.</source>
        <translation>보낼 철회가 없습니다. 모든 노트북이 사무실에서 받은 철회를 이미 모두 알고 있습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n withdrawal pack(s) written.</source>
        <translation>
            <numerusform>철회 팩 %n개를 작성했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{laptop}: {name}, %n withdrawal(s)</source>
        <translation>
            <numerusform>{laptop}: {name}, 철회 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> for %n testimony(ies).</source>
        <translation>
            <numerusform> (증언 %n건).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WitnessSection</name>
    <message>
        <source>Witness pseudonym code</source>
        <extracomment>Two minutes without activity inside the open panel closes it. The Hide button: save, and stay open if the identity cannot be saved. Idle, or consent no longer allows it: save if possible, and close in any case.</extracomment>
        <translation>증언자 가명 코드</translation>
    </message>
    <message>
        <source>Show &amp;identity…</source>
        <translation>신원 보기(&amp;I)…</translation>
    </message>
    <message>
        <source>Show the witness&apos;s identity</source>
        <translation>증언자 신원 보기</translation>
    </message>
    <message>
        <source>Hide &amp;identity</source>
        <translation>신원 숨기기(&amp;I)</translation>
    </message>
    <message>
        <source>Save and hide the witness&apos;s identity</source>
        <translation>저장하고 증언자 신원 숨기기</translation>
    </message>
    <message>
        <source>The witness&apos;s identity went to the custodian, encrypted to the custodian alone: the archive cannot read it (the custodian opens it with “fieldapp custodian show”).</source>
        <translation>증언자의 신원은 관리인만 열 수 있도록 암호화되어 관리인에게 갔습니다. 아카이브는 이를 읽을 수 없습니다(관리인은 “fieldapp custodian show”로 엽니다).</translation>
    </message>
    <message>
        <source>Names, one per line (Hangul and romanised)</source>
        <translation>이름, 한 줄에 하나씩(한글과 로마자)</translation>
    </message>
    <message>
        <source>Aliases, one per line</source>
        <translation>다른 이름, 한 줄에 하나씩</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>성별</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <source>2009, 2009-03, 2009-03-14 or c. 2009</source>
        <translation>2009, 2009-03, 2009-03-14 또는 c. 2009</translation>
    </message>
    <message>
        <source>Left the country</source>
        <translation>국가를 떠난 날짜</translation>
    </message>
    <message>
        <source>Places in the witness&apos;s life, one per line</source>
        <translation>증언자가 살았던 곳, 한 줄에 하나씩</translation>
    </message>
    <message>
        <source>Contacts, one per line</source>
        <translation>연락처, 한 줄에 하나씩</translation>
    </message>
    <message>
        <source>Family at risk, one per line: relationship; name; location</source>
        <translation>위험에 처한 가족, 한 줄에 한 명: 관계; 이름; 위치</translation>
    </message>
    <message>
        <source>Notes on the identity</source>
        <translation>신원에 관한 메모</translation>
    </message>
    <message>
        <source>Identity (protected)</source>
        <translation>신원(보호됨)</translation>
    </message>
    <message>
        <source>Witness identity</source>
        <translation>증언자 신원</translation>
    </message>
    <message>
        <source>Na&amp;mes</source>
        <translation>이름(&amp;M)</translation>
    </message>
    <message>
        <source>A&amp;liases</source>
        <translation>다른 이름(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Gender</source>
        <translation>성별(&amp;G)</translation>
    </message>
    <message>
        <source>Left the co&amp;untry</source>
        <translation>국가를 떠난 날짜(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Places</source>
        <translation>장소(&amp;P)</translation>
    </message>
    <message>
        <source>Cont&amp;acts</source>
        <translation>연락처(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Family at risk</source>
        <translation>위험에 처한 가족(&amp;F)</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>메모(&amp;O)</translation>
    </message>
    <message>
        <source>Pseudonym code</source>
        <translation>가명 코드</translation>
    </message>
    <message>
        <source>Show identity</source>
        <translation>신원 보기</translation>
    </message>
    <message>
        <source>Show the witness&apos;s identity? Make sure nobody else can see the screen. It is hidden again after two minutes without activity.</source>
        <translation>증언자 신원을 표시하시겠습니까? 다른 사람이 화면을 볼 수 없는지 확인하십시오. 2분 동안 아무 조작이 없으면 다시 숨겨집니다.</translation>
    </message>
    <message>
        <source>birth date</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <source>date of leaving</source>
        <translation>국가를 떠난 날짜</translation>
    </message>
</context>
<context>
    <name>WorkDialog</name>
    <message>
        <source>Cancelling…</source>
        <extracomment>Set by a dialog whose work can be cancelled; connected to ``on_cancel_requested``.</extracomment>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Fieldapp</source>
        <translation>Fieldapp</translation>
    </message>
</context>
<context>
    <name>consent</name>
    <message>
        <source>Contacting the witness again</source>
        <translation>증언자에게 추후 연락</translation>
    </message>
    <message>
        <source>Keep in the archive</source>
        <translation>아카이브에 보관</translation>
    </message>
    <message>
        <source>Reporting to the United Nations</source>
        <translation>유엔 보고</translation>
    </message>
    <message>
        <source>Courts and accountability</source>
        <translation>재판과 책임 규명</translation>
    </message>
    <message>
        <source>Publications and the press</source>
        <translation>출판물과 언론 보도</translation>
    </message>
    <message>
        <source>Research</source>
        <translation>연구</translation>
    </message>
    <message>
        <source>Contacting you again</source>
        <translation>추후 연락</translation>
    </message>
    <message>
        <source>Your account will be kept, encrypted and locked, in our organisation&apos;s archive so that it is not lost. Only a few named staff can read it.</source>
        <translation>귀하의 증언은 잃어버리지 않도록 암호화되고 잠긴 상태로 저희 단체의 아카이브에 보관됩니다. 지정된 소수의 직원만 읽을 수 있습니다.</translation>
    </message>
    <message>
        <source>We may pass your account, without your name, to the United Nations, for example to the Special Rapporteur on North Korea or in reports to the Human Rights Council, so that they know what happened.</source>
        <translation>저희는 귀하의 이름을 빼고 귀하의 증언을 유엔에 전달할 수 있습니다. 예를 들어 북한인권 특별보고관에게 전달하거나 인권이사회에 내는 보고서에 담아, 어떤 일이 있었는지 알리는 것입니다.</translation>
    </message>
    <message>
        <source>Your account may be given to courts or other bodies that try to hold those responsible to account, such as the International Criminal Court. They might ask to speak with you.</source>
        <translation>귀하의 증언은 국제형사재판소처럼 책임자에게 책임을 묻는 법원이나 다른 기관에 제공될 수 있습니다. 그 기관에서 귀하와 직접 이야기하고 싶다고 요청할 수도 있습니다.</translation>
    </message>
    <message>
        <source>Parts of your account may appear in public reports, in the press or in campaigns, without your name and without details that would let anyone recognise you.</source>
        <translation>귀하의 증언 일부가 공개 보고서, 언론 보도 또는 캠페인에 실릴 수 있습니다. 이때 귀하의 이름과, 누군가 귀하를 알아볼 수 있는 세부 내용은 싣지 않습니다.</translation>
    </message>
    <message>
        <source>Researchers from our organisation or its partners may study your account, without your name, to understand what happened across many testimonies.</source>
        <translation>저희 단체나 협력 기관의 연구자가 여러 증언에 걸쳐 어떤 일이 있었는지 이해하기 위해, 귀하의 이름을 빼고 귀하의 증언을 연구할 수 있습니다.</translation>
    </message>
    <message>
        <source>We may contact you again later, to ask a question or to tell you how your account was used. We will only use the contact you give us.</source>
        <translation>나중에 질문을 드리거나 귀하의 증언이 어떻게 쓰였는지 알려 드리기 위해 다시 연락드릴 수 있습니다. 연락은 귀하가 알려 주신 연락처로만 합니다.</translation>
    </message>
    <message>
        <source>The purpose of the interview</source>
        <translation>면담의 목적</translation>
    </message>
    <message>
        <source>Each use above, and who would see the account</source>
        <translation>위의 각 이용 목적과, 증언을 보게 될 사람</translation>
    </message>
    <message>
        <source>The risks to the witness and their family</source>
        <translation>증언자와 그 가족에게 있을 수 있는 위험</translation>
    </message>
    <message>
        <source>That taking part is voluntary and no help depends on it</source>
        <translation>참여는 자발적이며, 어떤 도움도 참여 여부에 달려 있지 않다는 점</translation>
    </message>
    <message>
        <source>The right to withdraw consent at any time</source>
        <translation>언제든지 동의를 철회할 수 있는 권리</translation>
    </message>
    <message>
        <source>How to withdraw consent</source>
        <translation>동의를 철회하는 방법</translation>
    </message>
    <message>
        <source>How the witness&apos;s anonymity is protected</source>
        <translation>증언자의 익명성을 보호하는 방법</translation>
    </message>
    <message>
        <source>How the account is stored and secured</source>
        <translation>증언을 보관하고 보호하는 방법</translation>
    </message>
    <message>
        <source>Anonymous: never named or recognisable</source>
        <translation>익명: 이름을 밝히지 않고 알아볼 수 없게 함</translation>
    </message>
    <message>
        <source>Named only to bodies bound to confidence</source>
        <translation>비밀 유지 의무가 있는 기관에만 이름을 밝힘</translation>
    </message>
    <message>
        <source>May be named publicly</source>
        <translation>이름을 공개해도 됨</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>직접 만나서</translation>
    </message>
    <message>
        <source>By phone</source>
        <translation>전화로</translation>
    </message>
    <message>
        <source>By message</source>
        <translation>메시지로</translation>
    </message>
    <message>
        <source>By letter</source>
        <translation>편지로</translation>
    </message>
    <message>
        <source>Through someone else</source>
        <translation>다른 사람을 통해</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Too many wrong passphrases; wait a moment before trying again.</source>
        <extracomment>Errors defined in, and raised only by, the command line (``fieldapp.cli``): the desktop app never imports it, so it cannot meet them; the CLI prints their English message. Services of the core the desktop app has no screen for, and so never imports. Errors of the core that only those services raise (in ``fieldapp.errors``, where a service&apos;s errors live): the command line prints their English message. ``tests/ui/test_error_sentences`` checks that no module of ``ui/`` imports a service above.</extracomment>
        <translation>잘못된 암호 문구를 너무 많이 입력했습니다. 잠시 기다린 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <source>The passphrase is wrong.</source>
        <extracomment>The sentence of each error type the desktop app can meet, by exact type: a subclass (RecordPurgedError) often says something more specific than its parent. A function makes the sentence from the error (its values, its reason); a string is the type&apos;s own English sentence, its docstring, translated by ``ui.error_text`` (``tests/ui/test_error_sentences.py`` holds each to its docstring).</extracomment>
        <translation>암호 문구가 틀렸습니다.</translation>
    </message>
    <message>
        <source>No workspace was found in this folder.</source>
        <translation>이 폴더에서 작업 공간을 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>The workspace&apos;s files are damaged or were altered, and it cannot be opened. Restore it from its backup, and keep the damaged copy for examination.</source>
        <translation>작업 공간의 파일이 손상되었거나 변경되어 열 수 없습니다. 백업에서 복원하고, 손상된 사본은 조사를 위해 보관하십시오.</translation>
    </message>
    <message>
        <source>The workspace is locked; unlock it first.</source>
        <translation>작업 공간이 잠겨 있습니다. 먼저 잠금을 해제하십시오.</translation>
    </message>
    <message>
        <source>Another task is still writing to this workspace (an import, for example); nothing was changed. Try again once it has finished.</source>
        <translation>다른 작업(예: 가져오기)이 아직 이 작업 공간에 쓰고 있습니다. 아무것도 바뀌지 않았습니다. 그 작업이 끝난 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <source>This folder already holds other files and no workspace; nothing was made. Choose an empty folder, or a new one, for the workspace.</source>
        <translation>이 폴더에는 작업 공간이 아닌 다른 파일이 이미 있습니다. 아무것도 만들지 않았습니다. 작업 공간을 둘 빈 폴더나 새 폴더를 고르십시오.</translation>
    </message>
    <message>
        <source>The recovery code is wrong.</source>
        <translation>복구 코드가 틀렸습니다.</translation>
    </message>
    <message>
        <source>A share is not a valid share of a workspace&apos;s keys (a word may be mistyped, missing or out of place); nothing was written.</source>
        <translation>작업 공간 키의 올바른 조각이 아닌 조각이 있습니다(단어가 잘못 입력되었거나 빠졌거나 순서가 틀렸을 수 있습니다). 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>Share {position} is not a valid share of a workspace&apos;s keys (a word may be mistyped, missing or out of place); nothing was written.</source>
        <translation>{position}번 조각은 작업 공간 키의 올바른 조각이 아닙니다(단어가 잘못 입력되었거나 빠졌거나 순서가 틀렸을 수 있습니다). 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>The shares are not all of one split of the keys; nothing was written.</source>
        <translation>조각이 모두 같은 키 분할에서 나온 것이 아닙니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>Share {position} is of another split of the keys than share 1; nothing was written.</source>
        <translation>{position}번 조각은 1번 조각과 다른 키 분할에서 나온 것입니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>Too few shares were given to restore the keys; nothing was written.</source>
        <translation>키를 복원하기에 조각이 너무 적습니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>The bundle was refused: {reason}</source>
        <translation>번들이 거부되었습니다: {reason}</translation>
    </message>
    <message>
        <source>The pack was refused; nothing was changed.</source>
        <translation>팩이 거부되었습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>The pack was refused: {reason}</source>
        <translation>팩이 거부되었습니다: {reason}</translation>
    </message>
    <message>
        <source>The enrolment request was refused.</source>
        <translation>등록 요청이 거부되었습니다.</translation>
    </message>
    <message>
        <source>The enrolment request was refused: {reason}</source>
        <translation>등록 요청이 거부되었습니다: {reason}</translation>
    </message>
    <message>
        <source>No such record in this workspace.</source>
        <translation>이 작업 공간에 그런 기록이 없습니다.</translation>
    </message>
    <message>
        <source>This testimony&apos;s content was removed from this laptop after the archive confirmed it holds it; the archive keeps it whole.</source>
        <translation>아카이브가 보관을 확인한 뒤 이 증언의 내용을 이 노트북에서 삭제했습니다. 아카이브에는 모두 그대로 보관되어 있습니다.</translation>
    </message>
    <message>
        <source>This record is sealed and cannot be changed; correct it with an amendment.</source>
        <translation>이 기록은 봉인되어 바꿀 수 없습니다. 수정본으로 바로잡으십시오.</translation>
    </message>
    <message>
        <source>The disk is full; nothing was changed. Free some space and try again.</source>
        <translation>디스크가 가득 찼습니다. 바뀐 것은 없습니다. 공간을 확보한 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <source>The operation was cancelled; nothing was changed.</source>
        <translation>작업을 취소했습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>This laptop is not enrolled with an archive yet: write an enrolment request, then apply the coordinator&apos;s enrolment pack (Sync &gt; Apply pack).</source>
        <translation>이 노트북은 아직 아카이브에 등록되지 않았습니다. 등록 요청을 작성한 뒤, 코디네이터의 등록 팩을 적용하십시오(동기화 &gt; 팩 적용).</translation>
    </message>
    <message>
        <source>This laptop never exported a bundle with that number; nothing was changed.</source>
        <translation>이 노트북은 그 번호의 번들을 내보낸 적이 없습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>The archive&apos;s receipt says it holds this bundle: its records need not travel again.</source>
        <translation>아카이브의 수령증에 따르면 이 번들은 이미 아카이브에 있습니다. 기록을 다시 보낼 필요가 없습니다.</translation>
    </message>
    <message>
        <source>This bundle&apos;s records were already sent again; nothing was changed.</source>
        <translation>이 번들의 기록은 이미 다시 보냈습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>This bundle&apos;s export was interrupted: export once, which finishes it; nothing was changed.</source>
        <translation>이 번들의 내보내기가 중단되었습니다. 한 번 내보내면 마무리됩니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>Another export from this workspace is running (in another window or command); export again once it has finished. Nothing was exported.</source>
        <translation>이 작업 공간에서 다른 내보내기가 진행 중입니다(다른 창이나 명령에서). 그 작업이 끝난 뒤 다시 내보내십시오. 아무것도 내보내지 않았습니다.</translation>
    </message>
    <message>
        <source>This folder holds a workspace that its leftover set-up marker does not match, so the set-up did not start over; the workspace was kept as it is. Unlock the workspace in this folder, or choose another folder for a new one.</source>
        <translation>이 폴더의 작업 공간은 남아 있는 설정 표시와 일치하지 않아 설정을 처음부터 다시 시작하지 않았습니다. 작업 공간은 그대로 두었습니다. 이 폴더의 작업 공간을 잠금 해제하거나, 새 작업 공간에는 다른 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <source>The workspace could not be created in this folder; nothing was made. Check that the folder exists and is writable, or choose another one.</source>
        <translation>이 폴더에 작업 공간을 만들 수 없어 아무것도 만들지 않았습니다. 폴더가 있고 쓸 수 있는지 확인하거나 다른 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <source>This recording is not in a format Fieldapp can play.</source>
        <translation>이 녹음은 Fieldapp에서 재생할 수 있는 형식이 아닙니다.</translation>
    </message>
    <message>
        <source>The microphone could not be opened, or it stopped; what was recorded before is kept.</source>
        <translation>마이크를 열 수 없거나 마이크가 멈췄습니다. 그 전까지 녹음된 내용은 보존됩니다.</translation>
    </message>
    <message>
        <source>The enrolment request could not be written there. Check that the drive is connected and writable, then write it again.</source>
        <translation>그 위치에 등록 요청을 저장할 수 없었습니다. 드라이브가 연결되어 있고 쓸 수 있는지 확인한 뒤 다시 저장하십시오.</translation>
    </message>
    <message>
        <source>Only the coordinator&apos;s archive imports bundles; this is a field laptop.</source>
        <translation>번들은 코디네이터의 아카이브만 가져올 수 있습니다. 이것은 현장 노트북입니다.</translation>
    </message>
    <message>
        <source>This laptop was revoked: its bundles are refused, and a new request does not enrol it again; nothing was changed. If it is to be trusted again, reinstate it on the command line (“fieldapp device reinstate”).</source>
        <translation>이 노트북은 등록이 취소되었습니다. 이 노트북의 번들은 거부되며, 새 요청으로 다시 등록되지 않습니다. 바뀐 것은 없습니다. 다시 신뢰하려면 명령줄에서 등록을 되살리십시오(“fieldapp device reinstate”).</translation>
    </message>
    <message>
        <source>This device is already enrolled; nothing was changed. A lost enrolment pack can be written again, unchanged, with “fieldapp pack resend”.</source>
        <translation>이 기기는 이미 등록되어 있습니다. 바뀐 것은 없습니다. 잃어버린 등록 팩은 “fieldapp pack resend”로 바뀐 것 없이 다시 작성할 수 있습니다.</translation>
    </message>
    <message>
        <source>The archive holds no consent for this testimony yet, so there is nothing to withdraw; nothing was recorded. Import the laptop&apos;s bundles first.</source>
        <translation>아카이브에 이 증언의 동의 기록이 아직 없어 철회할 것이 없습니다. 아무것도 기록하지 않았습니다. 먼저 노트북의 번들을 가져오십시오.</translation>
    </message>
    <message>
        <source>The operation failed.</source>
        <translation>작업이 실패했습니다.</translation>
    </message>
    <message>
        <source>This device is already enrolled with an archive; nothing was changed.</source>
        <translation>이 기기는 이미 아카이브에 등록되어 있습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>More than one record starts with this id; give more of it.</source>
        <translation>이 식별자로 시작하는 기록이 둘 이상입니다. 식별자를 더 길게 입력하십시오.</translation>
    </message>
    <message>
        <source>This archive has no archive or custodian keys; it was not set up completely.</source>
        <translation>이 아카이브에는 아카이브 키나 관리인 키가 없습니다. 설정이 끝나지 않았습니다.</translation>
    </message>
    <message>
        <source>The archive keeps testimonies as their laptops sent them; nothing was changed. A testimony and its consent are recorded on the laptop that recorded it; a withdrawal of consent received at the office is recorded on the archive as an office withdrawal.</source>
        <translation>아카이브는 증언을 노트북이 보낸 그대로 보관합니다. 바뀐 것은 없습니다. 증언과 그 동의는 그 증언을 기록한 노트북에서 기록하며, 사무실에서 받은 동의 철회는 아카이브에 사무실 철회로 기록합니다.</translation>
    </message>
    <message>
        <source>An attachment is damaged or was altered: it is not the file that was recorded.</source>
        <translation>첨부 파일이 손상되었거나 변경되었습니다: 기록된 그 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>A file with this bundle&apos;s name is already in the chosen folder; nothing was exported.</source>
        <translation>고른 폴더에 이 번들과 같은 이름의 파일이 이미 있습니다. 아무것도 내보내지 않았습니다.</translation>
    </message>
    <message>
        <source>The bundle would be larger than a bundle can be (4 GiB, or too many parts).</source>
        <translation>번들이 허용되는 크기(4 GiB 또는 파일 수 한도)보다 커집니다.</translation>
    </message>
    <message>
        <source>The bundle could not be written to the chosen folder; nothing was exported.</source>
        <translation>고른 폴더에 번들을 쓸 수 없었습니다. 아무것도 내보내지 않았습니다.</translation>
    </message>
    <message>
        <source>The witness&apos;s consent does not allow this.</source>
        <translation>증언자의 동의 범위를 벗어나는 작업입니다.</translation>
    </message>
    <message>
        <source>The witness identities could not be shown.</source>
        <translation>증언자 신원을 보여 줄 수 없었습니다.</translation>
    </message>
    <message>
        <source>This device is already revoked; nothing was changed.</source>
        <translation>이 기기는 이미 등록이 취소되었습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>No enrolled device has this fingerprint.</source>
        <translation>이 지문을 가진 등록된 기기가 없습니다.</translation>
    </message>
    <message>
        <source>The archive revoked this device: it can no longer export bundles.</source>
        <translation>아카이브가 이 기기의 등록을 취소했습니다. 더 이상 번들을 내보낼 수 없습니다.</translation>
    </message>
    <message>
        <source>The workspace changed while the bundle was being written; nothing was exported.</source>
        <translation>번들을 쓰는 동안 작업 공간이 바뀌었습니다. 아무것도 내보내지 않았습니다.</translation>
    </message>
    <message>
        <source>The key&apos;s fingerprint is not the one expected; nothing was changed.</source>
        <translation>키 지문이 예상한 지문과 다릅니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>The key&apos;s fingerprint was not confirmed; nothing was changed.</source>
        <translation>키 지문을 확인하지 않았습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>The folder does not exist; nothing was written.</source>
        <translation>폴더가 없습니다. 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>This identities file is damaged or was altered; nothing of it was shown.</source>
        <translation>이 신원 파일은 손상되었거나 변경되었습니다. 아무 내용도 보여 주지 않았습니다.</translation>
    </message>
    <message>
        <source>This identities file is encrypted to another custodian, not to this custodian file.</source>
        <translation>이 신원 파일은 이 관리인 파일이 아니라 다른 관리인에게 암호화되어 있습니다.</translation>
    </message>
    <message>
        <source>The record is not complete enough to be sealed.</source>
        <translation>기록이 봉인할 만큼 완성되지 않았습니다.</translation>
    </message>
    <message>
        <source>This is not a valid pseudonym code; check it for a typing mistake.</source>
        <translation>올바른 가명 코드가 아닙니다. 잘못 입력하지 않았는지 확인하십시오.</translation>
    </message>
    <message>
        <source>This step is not allowed for a record in its present state.</source>
        <translation>기록의 현재 상태에서는 이 단계를 할 수 없습니다.</translation>
    </message>
    <message>
        <source>No device is revoked: there is no revocation to send.</source>
        <translation>등록이 취소된 기기가 없습니다. 보낼 등록 취소가 없습니다.</translation>
    </message>
    <message>
        <source>This is not a custodian file; nothing was shown.</source>
        <translation>관리인 파일이 아닙니다. 아무것도 보여 주지 않았습니다.</translation>
    </message>
    <message>
        <source>Only an interviewer&apos;s device exports bundles.</source>
        <translation>번들은 면담자의 기기만 내보냅니다.</translation>
    </message>
    <message>
        <source>This file is neither a bundle nor an identities file; nothing was shown.</source>
        <translation>이 파일은 번들도 신원 파일도 아닙니다. 아무것도 보여 주지 않았습니다.</translation>
    </message>
    <message>
        <source>The output file already exists; it was left as it is.</source>
        <translation>출력 파일이 이미 있습니다. 그대로 두었습니다.</translation>
    </message>
    <message>
        <source>Another pack was written for this device at the same time; nothing was written.</source>
        <translation>같은 때에 이 기기를 위한 다른 팩이 쓰였습니다. 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>The roster was refused: it is not a valid roster signed by the expected coordinator.</source>
        <translation>기기 명단이 거부되었습니다: 예상한 코디네이터가 서명한 올바른 명단이 아닙니다.</translation>
    </message>
    <message>
        <source>The roster could not be read: it is damaged, or it is not a roster of devices.</source>
        <translation>기기 명단을 읽을 수 없었습니다: 손상되었거나 기기 명단이 아닙니다.</translation>
    </message>
    <message>
        <source>A workspace already exists at this location; it was left as it is.</source>
        <translation>이 위치에 작업 공간이 이미 있습니다. 그대로 두었습니다.</translation>
    </message>
    <message>
        <source>An emergency wipe of this folder was interrupted; finish it to destroy what is left.</source>
        <translation>이 폴더의 긴급 삭제가 중단되었습니다. 긴급 삭제를 마쳐 남은 것을 파기하십시오.</translation>
    </message>
    <message>
        <source>The set-up of this workspace was not finished (its recovery code was never confirmed); set it up again: the set-up starts over.</source>
        <translation>이 작업 공간의 설정이 끝나지 않았습니다(복구 코드를 확인하지 않았습니다). 다시 설정하십시오. 설정은 처음부터 시작됩니다.</translation>
    </message>
    <message>
        <source>The custodian passphrase is wrong; nothing was shown.</source>
        <translation>관리인 암호 문구가 틀렸습니다. 아무것도 보여 주지 않았습니다.</translation>
    </message>
    <message>
        <source>This command is not for this kind of workspace.</source>
        <translation>이 명령은 이런 종류의 작업 공간에 쓰는 것이 아닙니다.</translation>
    </message>
    <message>
        <source>The key shares cannot be used; nothing was written.</source>
        <translation>이 키 조각은 사용할 수 없습니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>The same share was given twice; nothing was written.</source>
        <translation>같은 조각이 두 번 입력되었습니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>At most 16 shares can be given; nothing was written.</source>
        <translation>조각은 최대 16개까지 입력할 수 있습니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>The shares do not open this workspace copy: they are of another workspace&apos;s keys, or its database is damaged; nothing was written.</source>
        <translation>이 조각으로는 이 작업 공간 사본을 열 수 없습니다. 다른 작업 공간 키의 조각이거나 데이터베이스가 손상되었습니다. 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <source>This file&apos;s device is not enrolled in the roster (or was revoked); nothing was shown.</source>
        <translation>이 파일을 만든 기기는 기기 명단에 등록되어 있지 않습니다(또는 등록이 취소되었습니다). 아무것도 보여 주지 않았습니다.</translation>
    </message>
    <message>
        <source>The archive&apos;s custodian folder is a link or not a folder; nothing was imported.</source>
        <translation>아카이브의 관리인 폴더가 링크이거나 폴더가 아닙니다. 아무것도 가져오지 않았습니다.</translation>
    </message>
    <message>
        <source>The archive recorded the packs, but not every one could be written to the chosen folder; write them again, unchanged, with &apos;fieldapp pack resend&apos;.</source>
        <translation>아카이브는 팩을 기록했지만 선택한 폴더에 모두 쓰지는 못했습니다. &apos;fieldapp pack resend&apos;로 그대로 다시 쓰십시오.</translation>
    </message>
    <message>
        <source>That pack was sent before this archive kept copies of its packs; it cannot be re-sent.</source>
        <translation>그 팩은 이 아카이브가 팩 사본을 보관하기 전에 보냈습니다. 다시 보낼 수 없습니다.</translation>
    </message>
    <message>
        <source>This device is not revoked; there is nothing to reinstate.</source>
        <translation>이 기기는 등록이 취소되지 않았습니다. 되살릴 등록이 없습니다.</translation>
    </message>
    <message>
        <source>No reinstatement of this device waits for an acknowledgement the gap could have carried; nothing was changed.</source>
        <translation>이 기기의 등록 복원 중에 빠진 구간이 실어 왔을 수 있는 확인을 기다리는 것이 없습니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>There is no gap to accept there: those bundles were imported or already excused.</source>
        <translation>그곳에는 인정할 빠진 구간이 없습니다: 그 번들들은 가져왔거나 이미 인정되었습니다.</translation>
    </message>
    <message>
        <source>This recording is too long to play here.</source>
        <extracomment>Sentences a raiser gives instead of its type&apos;s, without values, where the desktop app can meet them: ``ui.error_text`` shows their translation (another raiser&apos;s sentence reads as its type&apos;s in a language other than English).</extracomment>
        <translation>이 녹음은 너무 길어서 여기서 재생할 수 없습니다.</translation>
    </message>
    <message>
        <source>The pack&apos;s payload is larger than a pack&apos;s can be.</source>
        <translation>팩의 내용이 팩이 담을 수 있는 크기보다 큽니다.</translation>
    </message>
    <message>
        <source>Packs are applied on a field device.</source>
        <translation>팩은 현장 기기에서 적용합니다.</translation>
    </message>
    <message>
        <source>This record has been purged.</source>
        <translation>이 기록의 내용은 삭제되었습니다.</translation>
    </message>
    <message>
        <source>No unused pseudonym code could be found.</source>
        <translation>사용하지 않은 가명 코드를 찾을 수 없었습니다.</translation>
    </message>
    <message>
        <source>The drive or folder could not be read or written: check that it is still connected, then try again.</source>
        <translation>드라이브나 폴더를 읽거나 쓸 수 없습니다. 아직 연결되어 있는지 확인한 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <source>Something went wrong and the operation did not complete.</source>
        <translation>문제가 생겨 작업을 마치지 못했습니다.</translation>
    </message>
</context>
<context>
    <name>reasons</name>
    <message>
        <source>it is not a regular file.</source>
        <extracomment>Every template the core refuses with, as its raise sites spell it (grouped by the module of the first raise site). lupdate reads a context only as a literal, so each entry spells it.</extracomment>
        <translation>일반 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>it names the coordinator&apos;s own key.</source>
        <translation>코디네이터 자신의 키를 담고 있습니다.</translation>
    </message>
    <message>
        <source>its attachments do not match its records</source>
        <translation>첨부 파일이 기록과 맞지 않습니다.</translation>
    </message>
    <message>
        <source>an attachment it carries conflicts with the archive&apos;s copy</source>
        <translation>담고 있는 첨부 파일이 아카이브의 사본과 충돌합니다.</translation>
    </message>
    <message>
        <source>an attachment is not the file its record describes</source>
        <translation>첨부 파일이 기록에 적힌 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>its custody log does not acknowledge the reinstatement, and no bundle the archive holds from this device does: either it was made while the device was revoked, or one of bundles {first} to {last}, which the archive lacks, carried the acknowledgement (find it; if it is lost, the coordinator can accept that it did: fieldapp device accept-gap {device} --through {through} --acknowledged-in-gap --reason TEXT)</source>
        <translation>보관 이력이 등록 복원을 확인하지 않으며, 아카이브에 있는 이 기기의 어떤 번들도 확인하지 않습니다. 기기의 등록이 취소된 동안 만들어졌거나, 아카이브에 없는 번들 {first}~{last} 중 하나이(가) 확인을 담고 있었습니다(그 번들을 찾으십시오. 잃어버렸다면 코디네이터가 확인이 있었다고 인정할 수 있습니다: fieldapp device accept-gap {device} --through {through} --acknowledged-in-gap --reason TEXT).</translation>
    </message>
    <message>
        <source>it comes from a device that is not enrolled here</source>
        <translation>여기에 등록되지 않은 기기에서 왔습니다.</translation>
    </message>
    <message>
        <source>the archive already holds a different bundle {sequence} from this device (a fork or a forgery)</source>
        <translation>아카이브에 이 기기의 다른 번들 {sequence}이(가) 이미 있습니다(갈라진 이력 또는 위조).</translation>
    </message>
    <message>
        <source>it comes from a revoked device</source>
        <translation>등록이 취소된 기기에서 왔습니다.</translation>
    </message>
    <message>
        <source>its device made it while it was revoked; it stays refused after the reinstatement (on the device, `fieldapp bundle resend {sequence}` sends its records again)</source>
        <translation>기기의 등록이 취소된 동안 만들어졌으므로 등록이 복원된 뒤에도 계속 거부됩니다(기기에서 `fieldapp bundle resend {sequence}`(으)로 그 기록을 다시 보낼 수 있습니다).</translation>
    </message>
    <message>
        <source>bundle {missing} from this device is missing: import it first</source>
        <translation>이 기기의 번들 {missing}이(가) 없습니다. 그 번들을 먼저 가져오십시오.</translation>
    </message>
    <message>
        <source>it does not follow the last bundle from this device</source>
        <translation>이 기기의 마지막 번들에 이어지지 않습니다.</translation>
    </message>
    <message>
        <source>its device made it while it was revoked (its custody log does not acknowledge the reinstatement); it stays refused (on the device, `fieldapp bundle resend {sequence}` sends its records again)</source>
        <translation>기기의 등록이 취소된 동안 만들어졌으므로(보관 이력이 등록 복원을 확인하지 않습니다) 계속 거부됩니다(기기에서 `fieldapp bundle resend {sequence}`(으)로 그 기록을 다시 보낼 수 있습니다).</translation>
    </message>
    <message>
        <source>its custody log does not acknowledge the reinstatement, and no bundle the archive holds from this device does: either it was made while the device was revoked, or bundle {lacking}, which the archive lacks, carried the acknowledgement (find it; if it is lost, the coordinator can accept that it did: fieldapp device accept-gap {device} --through {through} --acknowledged-in-gap --reason TEXT)</source>
        <translation>보관 이력이 등록 복원을 확인하지 않으며, 아카이브에 있는 이 기기의 어떤 번들도 확인하지 않습니다. 기기의 등록이 취소된 동안 만들어졌거나, 아카이브에 없는 번들 {lacking}이(가) 확인을 담고 있었습니다(그 번들을 찾으십시오. 잃어버렸다면 코디네이터가 확인이 있었다고 인정할 수 있습니다: fieldapp device accept-gap {device} --through {through} --acknowledged-in-gap --reason TEXT).</translation>
    </message>
    <message>
        <source>it fills an accepted gap but does not fit between the bundles around it (a forgery or another device&apos;s history)</source>
        <translation>인정된 빠진 구간을 채우지만 앞뒤 번들 사이에 맞지 않습니다(위조 또는 다른 기기의 이력).</translation>
    </message>
    <message>
        <source>its custody log holds an event naming another actor than the device</source>
        <translation>보관 이력에 이 기기가 아닌 다른 행위자를 적은 항목이 있습니다.</translation>
    </message>
    <message>
        <source>its custody log holds an event about a testimony recorded by another device</source>
        <translation>보관 이력에 다른 기기가 기록한 증언에 관한 항목이 있습니다.</translation>
    </message>
    <message>
        <source>its custody log does not continue the device&apos;s log as the archive holds it</source>
        <translation>보관 이력이 아카이브에 있는 이 기기의 이력에 이어지지 않습니다.</translation>
    </message>
    <message>
        <source>its custody log does not number its events on from the one before</source>
        <translation>보관 이력의 항목 번호가 앞 항목에 이어지지 않습니다.</translation>
    </message>
    <message>
        <source>it follows bundles the archive lacks but carries no custody events, so its custody head cannot be checked</source>
        <translation>아카이브에 없는 번들 뒤에 오지만 보관 이력 항목이 없어, 보관 이력의 끝을 확인할 수 없습니다.</translation>
    </message>
    <message>
        <source>its custody log does not end where the manifest says</source>
        <translation>보관 이력이 매니페스트에 적힌 곳에서 끝나지 않습니다.</translation>
    </message>
    <message>
        <source>its custody log is not signed by the device</source>
        <translation>보관 이력에 기기의 서명이 없습니다.</translation>
    </message>
    <message>
        <source>it carries a consent version that its device&apos;s custody log does not record</source>
        <translation>기기의 보관 이력에 기록되지 않은 동의 버전을 담고 있습니다.</translation>
    </message>
    <message>
        <source>its custody log records a consent version other than the one the archive holds</source>
        <translation>보관 이력에 기록된 동의 버전이 아카이브가 가진 것과 다릅니다.</translation>
    </message>
    <message>
        <source>it carries a testimony without the witness&apos;s consent</source>
        <translation>증언자의 동의가 없는 증언을 담고 있습니다.</translation>
    </message>
    <message>
        <source>it changes a testimony recorded by another device</source>
        <translation>다른 기기가 기록한 증언을 바꿉니다.</translation>
    </message>
    <message>
        <source>it carries a record that was never sealed</source>
        <translation>봉인된 적이 없는 기록을 담고 있습니다.</translation>
    </message>
    <message>
        <source>its records are not in the order its device writes them</source>
        <translation>기록이 기기가 쓰는 순서대로 되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>it carries a record of a testimony the archive lacks</source>
        <translation>아카이브에 없는 증언의 기록을 담고 있습니다.</translation>
    </message>
    <message>
        <source>a consent it carries conflicts with the archive&apos;s copy</source>
        <translation>담고 있는 동의가 아카이브의 사본과 충돌합니다.</translation>
    </message>
    <message>
        <source>a record it carries conflicts with the archive&apos;s copy</source>
        <translation>담고 있는 기록이 아카이브의 사본과 충돌합니다.</translation>
    </message>
    <message>
        <source>a testimony it carries conflicts with the archive&apos;s copy</source>
        <translation>담고 있는 증언이 아카이브의 사본과 충돌합니다.</translation>
    </message>
    <message>
        <source>an attachment it carries claims to come from another device</source>
        <translation>담고 있는 첨부 파일이 다른 기기에서 왔다고 주장합니다.</translation>
    </message>
    <message>
        <source>its consents and withdrawals do not follow on from those the archive holds</source>
        <translation>동의와 철회가 아카이브에 있는 동의와 철회에 이어지지 않습니다.</translation>
    </message>
    <message>
        <source>a consent or withdrawal it carries names another witness</source>
        <translation>담고 있는 동의나 철회가 다른 증언자를 가리킵니다.</translation>
    </message>
    <message>
        <source>it carries an earlier version of a testimony that is not the version the archive&apos;s later one amends (a forgery or another history)</source>
        <translation>아카이브에 있는 이후 버전이 수정한 버전이 아닌, 증언의 이전 버전을 담고 있습니다(위조 또는 다른 이력).</translation>
    </message>
    <message>
        <source>it carries a version of a testimony that does not amend the version before it (a forgery or another history)</source>
        <translation>바로 앞 버전을 수정한 것이 아닌 증언 버전을 담고 있습니다(위조 또는 다른 이력).</translation>
    </message>
    <message>
        <source>it carries a version of a testimony whose earlier versions the archive neither holds nor receives with it, and no bundle of this device is missing that could have carried them</source>
        <translation>아카이브가 이전 버전을 가지고 있지도, 함께 받지도 않은 증언 버전을 담고 있으며, 그 이전 버전을 담았을 수 있는 이 기기의 빠진 번들도 없습니다.</translation>
    </message>
    <message>
        <source>a record it carries conflicts with one the archive keeps waiting</source>
        <translation>담고 있는 기록이 아카이브가 대기 중으로 보관한 기록과 충돌합니다.</translation>
    </message>
    <message>
        <source>its id is the id of another bundle the archive holds</source>
        <translation>ID가 아카이브에 있는 다른 번들의 ID와 같습니다.</translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation>일반 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>its file cannot be read ({error})</source>
        <translation>파일을 읽을 수 없습니다({error}).</translation>
    </message>
    <message>
        <source>it is addressed to another device: its file name is for the one whose packs are named …-{tag}-….fieldpack (this device&apos;s are named …-{own}-….fieldpack).</source>
        <translation>다른 기기에 보낸 팩입니다. 파일 이름으로 보면 팩 이름이 …-{tag}-….fieldpack인 기기의 것입니다(이 기기의 팩 이름은 …-{own}-….fieldpack입니다).</translation>
    </message>
    <message>
        <source>it is addressed to another device, the one whose packs are named …-{tag}-….fieldpack (this device&apos;s are named …-{own}-….fieldpack).</source>
        <translation>다른 기기, 곧 팩 이름이 …-{tag}-….fieldpack인 기기에 보낸 팩입니다(이 기기의 팩 이름은 …-{own}-….fieldpack입니다).</translation>
    </message>
    <message>
        <source>it is addressed to another device.</source>
        <translation>다른 기기에 보낸 팩입니다.</translation>
    </message>
    <message>
        <source>it is pack number {sequence}, and pack number {applied} was already applied here: an old pack, sent again.</source>
        <translation>팩 번호 {sequence}인데, 여기에는 이미 팩 번호 {applied}이(가) 적용되었습니다. 다시 보낸 옛 팩입니다.</translation>
    </message>
    <message>
        <source>it is pack number {sequence}, but number {expected} has not been applied yet; apply the packs in order.</source>
        <translation>팩 번호 {sequence}인데, 번호 {expected}이(가) 아직 적용되지 않았습니다. 팩을 순서대로 적용하십시오.</translation>
    </message>
    <message>
        <source>it does not follow the last pack applied here: the chain of packs is broken.</source>
        <translation>여기에 마지막으로 적용한 팩에 이어지지 않습니다. 팩의 연결이 끊어졌습니다.</translation>
    </message>
    <message>
        <source>it is a bundle, not a pack: bundles go to the archive (`fieldapp import`).</source>
        <translation>팩이 아니라 번들입니다. 번들은 아카이브로 가져갑니다(`fieldapp import`).</translation>
    </message>
    <message>
        <source>it enrols another device, not this one.</source>
        <translation>이 기기가 아닌 다른 기기를 등록하는 팩입니다.</translation>
    </message>
    <message>
        <source>its payload names another coordinator key than the one that signed it.</source>
        <translation>내용에 서명한 키와 다른 코디네이터 키가 적혀 있습니다.</translation>
    </message>
    <message>
        <source>this version of fieldapp cannot apply {kind} packs.</source>
        <translation>이 버전의 fieldapp은 {kind} 팩을 적용할 수 없습니다.</translation>
    </message>
    <message>
        <source>a different pack with the same id was applied before.</source>
        <translation>ID가 같은 다른 팩이 이전에 적용되었습니다.</translation>
    </message>
    <message>
        <source>it names a bundle this device never sent: it is not from our archive.</source>
        <translation>이 기기가 보낸 적이 없는 번들을 가리킵니다. 우리 아카이브에서 온 것이 아닙니다.</translation>
    </message>
    <message>
        <source>it names a vocabulary this version of fieldapp does not use.</source>
        <translation>이 버전의 fieldapp이 사용하지 않는 어휘를 담고 있습니다.</translation>
    </message>
    <message>
        <source>its vocabulary {vocabulary} version {version} drops codes that records may use.</source>
        <translation>어휘 {vocabulary} 버전 {version}에서 기록이 사용할 수 있는 코드가 빠졌습니다.</translation>
    </message>
    <message>
        <source>its vocabulary {vocabulary} version {version} has codes that the newer version here lacks: it is not from the same line of versions.</source>
        <translation>어휘 {vocabulary} 버전 {version}에 여기 있는 더 새로운 버전에 없는 코드가 있습니다. 같은 버전 계열이 아닙니다.</translation>
    </message>
    <message>
        <source>its vocabulary {vocabulary} version {version} does not fit the other vocabularies.</source>
        <translation>어휘 {vocabulary} 버전 {version}이(가) 다른 어휘와 맞지 않습니다.</translation>
    </message>
    <message>
        <source>it names a testimony this laptop never held, or not with the witness and consent this laptop holds.</source>
        <translation>이 노트북에 없었던 증언이거나, 이 노트북이 가진 증언자 및 동의와 맞지 않는 증언을 가리킵니다.</translation>
    </message>
    <message>
        <source>it gives a withdrawal under the id of one this laptop holds, but not the same withdrawal.</source>
        <translation>이 노트북에 있는 철회와 같은 ID를 쓰지만 내용이 다른 철회를 담고 있습니다.</translation>
    </message>
    <message>
        <source>its encrypted content cannot be opened with this archive&apos;s keys, or is damaged</source>
        <translation>암호화된 내용을 이 아카이브의 키로 열 수 없거나 내용이 손상되었습니다.</translation>
    </message>
    <message>
        <source>it does not hold the parts a bundle holds, in their order.</source>
        <translation>번들에 있어야 할 구성 부분을 순서대로 담고 있지 않습니다.</translation>
    </message>
    <message>
        <source>it is not a bundle of records.</source>
        <translation>기록을 담은 번들이 아닙니다.</translation>
    </message>
    <message>
        <source>its device&apos;s key is no longer valid in this allowed_signers file (the device was revoked since), which does not say whether this bundle came before; check it against roster.json.</source>
        <translation>기기의 키가 이 allowed_signers 파일에서 더 이상 유효하지 않습니다(그 뒤 기기의 등록이 취소되었습니다). 이 파일로는 이 번들이 그 전에 만들어졌는지 알 수 없으니 roster.json으로 확인하십시오.</translation>
    </message>
    <message>
        <source>its device was revoked before it made this bundle.</source>
        <translation>이 번들을 만들기 전에 기기의 등록이 취소되었습니다.</translation>
    </message>
    <message>
        <source>the roster names no coordinator key valid now for packs, so no pack can be checked against it.</source>
        <translation>명단에 지금 유효한 팩용 코디네이터 키가 없어 어떤 팩도 그것으로 확인할 수 없습니다.</translation>
    </message>
    <message>
        <source>the file is damaged or is not a bundle.</source>
        <translation>파일이 손상되었거나 번들이 아닙니다.</translation>
    </message>
    <message>
        <source>it is larger, or has more parts, than this program accepts.</source>
        <translation>이 프로그램이 받아들이는 것보다 크거나 구성 부분이 많습니다.</translation>
    </message>
    <message>
        <source>a part it must hold is missing.</source>
        <translation>있어야 할 구성 부분이 빠져 있습니다.</translation>
    </message>
    <message>
        <source>it is larger than a request can be.</source>
        <translation>등록 요청이 가질 수 있는 크기보다 큽니다.</translation>
    </message>
    <message>
        <source>it is not a valid enrolment request.</source>
        <translation>올바른 등록 요청이 아닙니다.</translation>
    </message>
    <message>
        <source>its proof was not made by the key it names: it was altered or forged.</source>
        <translation>증명이 요청에 적힌 키로 만들어지지 않았습니다. 변경되었거나 위조되었습니다.</translation>
    </message>
    <message>
        <source>its proof is damaged or is not an SSH signature.</source>
        <translation>증명이 손상되었거나 SSH 서명이 아닙니다.</translation>
    </message>
    <message>
        <source>its enrolment payload is not valid.</source>
        <translation>등록 내용이 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>its manifest names another key than the one that signed it.</source>
        <translation>매니페스트에 서명한 키와 다른 키가 적혀 있습니다.</translation>
    </message>
    <message>
        <source>it is not the kind of file expected here.</source>
        <translation>여기서 받는 종류의 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>its parts do not match its manifest: it was altered or is incomplete.</source>
        <translation>구성 부분이 매니페스트와 맞지 않습니다. 변경되었거나 불완전합니다.</translation>
    </message>
    <message>
        <source>its manifest is not valid.</source>
        <translation>매니페스트가 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>it was signed by {fingerprint}, a device key that is not enrolled (or the signature was altered).</source>
        <translation>등록되지 않은 기기 키 {fingerprint}(으)로 서명되었습니다(또는 서명이 변경되었습니다).</translation>
    </message>
    <message>
        <source>it was signed by {fingerprint}, not by the coordinator key trusted here (or the signature was altered).</source>
        <translation>여기서 신뢰하는 코디네이터 키가 아닌 {fingerprint}(으)로 서명되었습니다(또는 서명이 변경되었습니다).</translation>
    </message>
    <message>
        <source>its signature is not valid, or not made by an allowed key.</source>
        <translation>서명이 올바르지 않거나 허용된 키로 만들어지지 않았습니다.</translation>
    </message>
    <message>
        <source>its signature is damaged or is not an SSH signature.</source>
        <translation>서명이 손상되었거나 SSH 서명이 아닙니다.</translation>
    </message>
    <message>
        <source>the file is damaged or is not a pack.</source>
        <translation>파일이 손상되었거나 팩이 아닙니다.</translation>
    </message>
    <message>
        <source>its payload is larger than a pack&apos;s can be.</source>
        <translation>내용이 팩이 담을 수 있는 크기보다 큽니다.</translation>
    </message>
    <message>
        <source>it does not hold exactly the parts a pack holds.</source>
        <translation>팩에 있어야 할 구성 부분만 정확히 담고 있지 않습니다.</translation>
    </message>
    <message>
        <source>its payload could not be decrypted: it was not made for this device, or it is damaged.</source>
        <translation>내용을 복호화할 수 없습니다. 이 기기를 위해 만들어지지 않았거나 손상되었습니다.</translation>
    </message>
    <message>
        <source>its encrypted content belongs to another bundle or device (inner header)</source>
        <translation>암호화된 내용이 다른 번들이나 기기의 것입니다(내부 헤더).</translation>
    </message>
    <message>
        <source>its encrypted content is not what its name says (inner header)</source>
        <translation>암호화된 내용이 이름과 다릅니다(내부 헤더).</translation>
    </message>
    <message>
        <source>its custody log is damaged or not what the manifest promises</source>
        <translation>보관 이력이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its payload is damaged or not what the manifest promises</source>
        <translation>암호화된 내용이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its testimony record is damaged or not what the manifest promises</source>
        <translation>증언 기록이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its consent record is damaged or not what the manifest promises</source>
        <translation>동의 기록이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its withdrawal record is damaged or not what the manifest promises</source>
        <translation>철회 기록이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its attachment record is damaged or not what the manifest promises</source>
        <translation>첨부 파일 기록이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its identity record is damaged or not what the manifest promises</source>
        <translation>신원 기록이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its custody record is damaged or not what the manifest promises</source>
        <translation>보관 이력 항목이 손상되었거나 매니페스트에 적힌 것과 다릅니다.</translation>
    </message>
    <message>
        <source>its receipt is damaged or not a receipt.</source>
        <translation>수령증이 손상되었거나 수령증이 아닙니다.</translation>
    </message>
    <message>
        <source>its revocation payload is not valid.</source>
        <translation>등록 취소 내용이 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>its vocabularies are damaged or it is not a vocabulary pack.</source>
        <translation>어휘가 손상되었거나 어휘 팩이 아닙니다.</translation>
    </message>
    <message>
        <source>its withdrawals are damaged or it is not a withdrawal pack.</source>
        <translation>철회 내용이 손상되었거나 철회 팩이 아닙니다.</translation>
    </message>
</context>
<context>
    <name>seal</name>
    <message>
        <source>No consent has been recorded for this testimony.</source>
        <translation>이 증언에 대해 기록된 동의가 없습니다.</translation>
    </message>
    <message>
        <source>A consent record on file belongs to another testimony or witness.</source>
        <translation>저장된 동의 기록이 다른 증언이나 다른 증언자의 것입니다.</translation>
    </message>
    <message>
        <source>The witness has not agreed to the testimony being archived.</source>
        <translation>증언자가 증언의 아카이브 보관에 동의하지 않았습니다.</translation>
    </message>
    <message>
        <source>The witness has withdrawn consent to archiving.</source>
        <translation>증언자가 아카이브 보관 동의를 철회했습니다.</translation>
    </message>
    <message>
        <source>The consent record does not show that the purpose, the risks and the right to withdraw were explained.</source>
        <translation>동의 기록에 목적, 위험, 철회할 권리를 설명했다는 내용이 없습니다.</translation>
    </message>
    <message>
        <source>The witness is a minor: both a guardian&apos;s consent and the witness&apos;s own assent are needed.</source>
        <translation>증언자가 미성년자입니다. 보호자의 동의와 증언자 본인의 동의가 모두 필요합니다.</translation>
    </message>
    <message>
        <source>The time the interview ended has not been recorded.</source>
        <translation>면담이 끝난 시각이 기록되지 않았습니다.</translation>
    </message>
    <message>
        <source>The narrative is empty.</source>
        <translation>진술이 비어 있습니다.</translation>
    </message>
    <message>
        <source>The title is still the placeholder of a new testimony.</source>
        <translation>제목이 아직 새 증언의 기본 제목 그대로입니다.</translation>
    </message>
    <message>
        <source>The place of the interview has not been recorded.</source>
        <translation>면담 장소가 기록되지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>validation</name>
    <message>
        <source>{outer}.{inner}</source>
        <translation>{outer}의 {inner}</translation>
    </message>
    <message>
        <source>The data is not valid.</source>
        <extracomment>Every template the core raises a ValidationFailedError with (outside the command line, whose own errors stay English), as the raise sites spell it, grouped by module.</extracomment>
        <translation>데이터가 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>({more} more problem.)</source>
        <translation>(문제가 {more}개 더 있습니다.)</translation>
    </message>
    <message>
        <source>({more} more problems.)</source>
        <translation>(문제가 {more}개 더 있습니다.)</translation>
    </message>
    <message>
        <source>The {subject} is not valid.</source>
        <translation>{subject}의 내용이 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>The {subject} is not valid: the field {field} {phrase}.</source>
        <translation>{subject}의 내용이 올바르지 않습니다: {field} 항목이 {phrase}.</translation>
    </message>
    <message>
        <source>The {subject} is not valid: it {phrase}.</source>
        <translation>{subject}의 내용이 올바르지 않습니다: {phrase}.</translation>
    </message>
    <message>
        <source>The {subject} is not valid: a field appears twice.</source>
        <translation>{subject}의 내용이 올바르지 않습니다: 같은 항목이 두 번 들어 있습니다.</translation>
    </message>
    <message>
        <source>The {subject} is not in canonical form; it may have been altered.</source>
        <translation>{subject}이(가) 표준 형식이 아닙니다. 변경되었을 수 있습니다.</translation>
    </message>
    <message>
        <source>The consent versions are incomplete or repeated; a version may be missing.</source>
        <translation>동의 버전이 빠져 있거나 중복되었습니다. 어떤 버전이 없을 수 있습니다.</translation>
    </message>
    <message>
        <source>A withdrawal refers to a consent version that is missing.</source>
        <translation>철회가 없는 동의 버전을 가리킵니다.</translation>
    </message>
    <message>
        <source>The consent records belong to more than one testimony or witness.</source>
        <translation>동의 기록이 둘 이상의 증언이나 증언자에 속합니다.</translation>
    </message>
    <message>
        <source>A consent withdrawal was given without the consent.</source>
        <translation>동의 없이 동의 철회만 주어졌습니다.</translation>
    </message>
    <message>
        <source>The field {field} is set by the program and cannot be changed.</source>
        <translation>{field} 항목은 프로그램이 정하는 값이라 바꿀 수 없습니다.</translation>
    </message>
    <message>
        <source>The vocabulary {vocabulary} is missing.</source>
        <translation>어휘 {vocabulary}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>The vocabulary {vocabulary} is not one this program uses.</source>
        <translation>어휘 {vocabulary}은(는) 이 프로그램이 쓰는 어휘가 아닙니다.</translation>
    </message>
    <message>
        <source>The vocabulary {vocabulary} version {version} is not newer than the one in use.</source>
        <translation>어휘 {vocabulary} 버전 {version}은(는) 지금 쓰는 버전보다 새롭지 않습니다.</translation>
    </message>
    <message>
        <source>The vocabulary {vocabulary} version {version} drops codes that records may use.</source>
        <translation>어휘 {vocabulary} 버전 {version}에는 기록이 쓰고 있을 수 있는 코드가 빠져 있습니다.</translation>
    </message>
    <message>
        <source>The code is not in the vocabulary {vocabulary}.</source>
        <translation>이 코드는 어휘 {vocabulary}에 없습니다.</translation>
    </message>
    <message>
        <source>The vocabulary {vocabulary} lacks codes the program needs.</source>
        <translation>어휘 {vocabulary}에 프로그램에 필요한 코드가 없습니다.</translation>
    </message>
    <message>
        <source>An act type has no COI category.</source>
        <translation>COI 범주가 없는 행위 유형이 있습니다.</translation>
    </message>
    <message>
        <source>The vocabulary {vocabulary} gives COI categories, which only act types have.</source>
        <translation>어휘 {vocabulary}에 COI 범주가 있습니다. COI 범주는 행위 유형에만 있습니다.</translation>
    </message>
    <message>
        <source>An act type names an unknown COI category.</source>
        <translation>행위 유형이 알 수 없는 COI 범주를 가리킵니다.</translation>
    </message>
    <message>
        <source>An act type names a COI category twice.</source>
        <translation>행위 유형이 같은 COI 범주를 두 번 가리킵니다.</translation>
    </message>
    <message>
        <source>An archive needs a custodian: give --custodian-recipient, or --custodian-out FILE.</source>
        <translation>아카이브에는 관리인이 필요합니다: --custodian-recipient 또는 --custodian-out FILE을 지정하십시오.</translation>
    </message>
    <message>
        <source>The custodian file needs a passphrase.</source>
        <translation>관리인 파일에는 암호 문구가 필요합니다.</translation>
    </message>
    <message>
        <source>The custodian recipients must be post-quantum (age1pq1…), like the archive&apos;s keys (age forbids mixing the two kinds in one file).</source>
        <translation>관리인 수신자 키는 아카이브의 키처럼 양자 내성 키(age1pq1…)여야 합니다(age는 한 파일에 두 종류를 섞을 수 없습니다).</translation>
    </message>
    <message>
        <source>The custodian recipients must be classic (age1…), like the archive&apos;s keys (age forbids mixing the two kinds in one file).</source>
        <translation>관리인 수신자 키는 아카이브의 키처럼 기존 방식 키(age1…)여야 합니다(age는 한 파일에 두 종류를 섞을 수 없습니다).</translation>
    </message>
    <message>
        <source>A custodian recipient is given twice.</source>
        <translation>같은 관리인 수신자 키가 두 번 주어졌습니다.</translation>
    </message>
    <message>
        <source>A custodian recipient is not an age recipient (age1… or age1pq1…).</source>
        <translation>관리인 수신자 키가 age 수신자 키(age1… 또는 age1pq1…)가 아닙니다.</translation>
    </message>
    <message>
        <source>The file is not a fieldapp key backup.</source>
        <translation>이 파일은 fieldapp 키 백업이 아닙니다.</translation>
    </message>
    <message>
        <source>A key backup cannot go into the workspace&apos;s own folder: the emergency wipe would leave it there. Write it to a USB drive.</source>
        <translation>키 백업은 작업 공간 폴더 안에 저장할 수 없습니다. 긴급 삭제 후에도 그대로 남기 때문입니다. 외장 드라이브에 저장하십시오.</translation>
    </message>
    <message>
        <source>The document is too large.</source>
        <translation>문서가 너무 큽니다.</translation>
    </message>
    <message>
        <source>The document must be a JSON object.</source>
        <translation>문서는 JSON 객체여야 합니다.</translation>
    </message>
    <message>
        <source>A new testimony gets its own {keys}; remove them.</source>
        <translation>새 증언은 {keys} 값을 스스로 받습니다. 그 항목을 지우십시오.</translation>
    </message>
    <message>
        <source>The document is not valid: a field appears twice.</source>
        <translation>문서가 올바르지 않습니다: 같은 항목이 두 번 들어 있습니다.</translation>
    </message>
    <message>
        <source>The withdrawals must be a list.</source>
        <translation>철회는 목록이어야 합니다.</translation>
    </message>
    <message>
        <source>The consents must be a list.</source>
        <translation>동의는 목록이어야 합니다.</translation>
    </message>
    <message>
        <source>The identity must be a JSON object.</source>
        <translation>신원은 JSON 객체여야 합니다.</translation>
    </message>
    <message>
        <source>The changes must be a JSON object.</source>
        <translation>변경 내용은 JSON 객체여야 합니다.</translation>
    </message>
    <message>
        <source>The document is not valid JSON.</source>
        <translation>문서가 올바른 JSON이 아닙니다.</translation>
    </message>
    <message>
        <source>Each withdrawal must be a JSON object.</source>
        <translation>각 철회는 JSON 객체여야 합니다.</translation>
    </message>
    <message>
        <source>Each consent must be a JSON object.</source>
        <translation>각 동의는 JSON 객체여야 합니다.</translation>
    </message>
    <message>
        <source>The last good sequence is 0 or more.</source>
        <translation>마지막 정상 번들 번호는 0 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>This laptop&apos;s label {phrase}: an enrolment request cannot carry it; nothing was written.</source>
        <translation>이 노트북의 이름에 문제가 있어 등록 요청에 담을 수 없습니다: {phrase}. 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>The reason is 1 to {most} characters.</source>
        <translation>사유는 1자에서 {most}자 사이여야 합니다.</translation>
    </message>
    <message>
        <source>The reason must be one plain line.</source>
        <translation>사유는 서식 없는 한 줄이어야 합니다.</translation>
    </message>
    <message>
        <source>This device was sent packs 1 to {sent}; there is no pack {first}.</source>
        <translation>이 기기에는 팩 1부터 {sent}까지 보냈습니다. 팩 {first}은(는) 없습니다.</translation>
    </message>
    <message>
        <source>The passphrase is too weak. {advice}</source>
        <translation>암호 문구가 너무 약합니다. {advice}</translation>
    </message>
    <message>
        <source>A new testimony starts at version 1.</source>
        <translation>새 증언은 버전 1부터 시작합니다.</translation>
    </message>
    <message>
        <source>The identity belongs to another pseudonym.</source>
        <translation>이 신원은 다른 가명에 속합니다.</translation>
    </message>
    <message>
        <source>A testimony with this id already exists.</source>
        <translation>이 식별자를 가진 증언이 이미 있습니다.</translation>
    </message>
    <message>
        <source>A consent record belongs to another testimony or witness.</source>
        <translation>동의 기록이 다른 증언이나 증언자에 속합니다.</translation>
    </message>
    <message>
        <source>The consent&apos;s evidence must be a file attached to this testimony.</source>
        <translation>동의 증빙은 이 증언에 첨부된 파일이어야 합니다.</translation>
    </message>
    <message>
        <source>The withdrawal names consent version {named}, but the consent in force is version {latest}; nothing was recorded. Withdraw from the consent in force.</source>
        <translation>철회가 동의 버전 {named}을(를) 가리키지만 유효한 동의는 버전 {latest}입니다. 아무것도 기록하지 않았습니다. 유효한 동의에서 철회하십시오.</translation>
    </message>
    <message>
        <source>The next consent version is {expected}.</source>
        <translation>다음 동의 버전은 {expected}입니다.</translation>
    </message>
    <message>
        <source>Set-up makes a field device or an archive only.</source>
        <translation>설정으로는 현장 기기나 아카이브만 만들 수 있습니다.</translation>
    </message>
    <message>
        <source>An archive needs a custodian file and its passphrase.</source>
        <translation>아카이브에는 관리인 파일과 그 암호 문구가 필요합니다.</translation>
    </message>
    <message>
        <source>Only an archive has a custodian.</source>
        <translation>관리인은 아카이브에만 있습니다.</translation>
    </message>
    <message>
        <source>The passphrase must not hold line ends, tabs or other control characters.</source>
        <translation>암호 문구에는 줄바꿈, 탭이나 다른 제어 문자가 들어갈 수 없습니다.</translation>
    </message>
    <message>
        <source>The passphrase is at most {most} bytes of UTF-8 text.</source>
        <translation>암호 문구는 UTF-8 텍스트로 최대 {most}바이트입니다.</translation>
    </message>
    <message>
        <source>The custodian&apos;s passphrase must differ from the archive&apos;s; nothing was made.</source>
        <translation>관리인의 암호 문구는 아카이브의 암호 문구와 달라야 합니다. 아무것도 만들지 않았습니다.</translation>
    </message>
    <message>
        <source>The custodian file must be kept apart from the archive, not inside its folder.</source>
        <translation>관리인 파일은 아카이브 폴더 안이 아니라 아카이브와 떨어진 곳에 두어야 합니다.</translation>
    </message>
    <message>
        <source>The label is at most {most} characters.</source>
        <translation>이름은 최대 {most}자입니다.</translation>
    </message>
    <message>
        <source>The custodian&apos;s passphrase is too weak; nothing was made.</source>
        <translation>관리인의 암호 문구가 너무 약합니다. 아무것도 만들지 않았습니다.</translation>
    </message>
    <message>
        <source>The label {phrase}; choose another.</source>
        <translation>이름에 문제가 있습니다: {phrase}. 다른 이름을 고르십시오.</translation>
    </message>
    <message>
        <source>No bundle is numbered above {most}: the gap must end before it; nothing was changed.</source>
        <translation>{most}보다 큰 번호의 번들은 없습니다. 빠진 구간은 그 앞에서 끝나야 합니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>No bundle is numbered above {most}: the gap must end at or before it; nothing was changed.</source>
        <translation>{most}보다 큰 번호의 번들은 없습니다. 빠진 구간은 그 번호나 그 앞에서 끝나야 합니다. 바뀐 것은 없습니다.</translation>
    </message>
    <message>
        <source>The testimony is not in canonical form; it may have been altered.</source>
        <translation>증언이 표준 형식이 아닙니다. 변경되었을 수 있습니다.</translation>
    </message>
    <message>
        <source>A date and time must say its time zone.</source>
        <translation>날짜와 시각에는 시간대가 있어야 합니다.</translation>
    </message>
    <message>
        <source>The passphrase holds characters that are not text (is the terminal set to another encoding?); it was not tried.</source>
        <translation>암호 문구에 텍스트가 아닌 문자가 있습니다(터미널이 다른 인코딩으로 설정되어 있습니까?). 시도하지 않았습니다.</translation>
    </message>
    <message>
        <source>The passphrase cannot be used: it must not be empty.</source>
        <translation>이 암호 문구는 쓸 수 없습니다: 비어 있으면 안 됩니다.</translation>
    </message>
</context>
<context>
    <name>validation fields</name>
    <message>
        <source>accepted_at</source>
        <extracomment>The models&apos; fields, generated from every DomainModel.</extracomment>
        <translation>인정 시각</translation>
    </message>
    <message>
        <source>accepted_gaps</source>
        <translation>인정된 빠진 구간</translation>
    </message>
    <message>
        <source>accountability</source>
        <translation>책임 규명</translation>
    </message>
    <message>
        <source>act_type</source>
        <translation>행위 유형</translation>
    </message>
    <message>
        <source>actor</source>
        <translation>행위자</translation>
    </message>
    <message>
        <source>age_recipient</source>
        <translation>age 수신자 키</translation>
    </message>
    <message>
        <source>age_years</source>
        <translation>나이</translation>
    </message>
    <message>
        <source>aliases</source>
        <translation>다른 이름</translation>
    </message>
    <message>
        <source>amends</source>
        <translation>수정 대상 버전</translation>
    </message>
    <message>
        <source>anonymity</source>
        <translation>익명성</translation>
    </message>
    <message>
        <source>applies_to_version</source>
        <translation>해당 동의 버전</translation>
    </message>
    <message>
        <source>archive</source>
        <translation>아카이브 보관</translation>
    </message>
    <message>
        <source>archive_id</source>
        <translation>아카이브 식별자</translation>
    </message>
    <message>
        <source>archive_recipients</source>
        <translation>아카이브 수신자 키</translation>
    </message>
    <message>
        <source>birth_date</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <source>bundle_id</source>
        <translation>번들 식별자</translation>
    </message>
    <message>
        <source>bundles</source>
        <translation>번들</translation>
    </message>
    <message>
        <source>captured_at</source>
        <translation>촬영·녹음 시각</translation>
    </message>
    <message>
        <source>claimed_at</source>
        <translation>기록 시각</translation>
    </message>
    <message>
        <source>code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>coi_categories</source>
        <translation>COI 범주 목록</translation>
    </message>
    <message>
        <source>coi_category</source>
        <translation>COI 범주</translation>
    </message>
    <message>
        <source>confidentiality</source>
        <translation>기밀 등급</translation>
    </message>
    <message>
        <source>contacts</source>
        <translation>연락처</translation>
    </message>
    <message>
        <source>content_hash</source>
        <translation>내용 해시</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>코디네이터</translation>
    </message>
    <message>
        <source>country</source>
        <translation>국가</translation>
    </message>
    <message>
        <source>created_at</source>
        <translation>작성 시각</translation>
    </message>
    <message>
        <source>custodian_recipients</source>
        <translation>관리인 수신자 키</translation>
    </message>
    <message>
        <source>custody_head</source>
        <translation>보관 이력 끝</translation>
    </message>
    <message>
        <source>date_end</source>
        <translation>종료 날짜</translation>
    </message>
    <message>
        <source>date_start</source>
        <translation>시작 날짜</translation>
    </message>
    <message>
        <source>deprecated</source>
        <translation>사용 중단</translation>
    </message>
    <message>
        <source>description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>device</source>
        <translation>기기</translation>
    </message>
    <message>
        <source>devices</source>
        <translation>기기 목록</translation>
    </message>
    <message>
        <source>end</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>ended_at</source>
        <translation>면담 종료</translation>
    </message>
    <message>
        <source>enrolled_at</source>
        <translation>등록 시각</translation>
    </message>
    <message>
        <source>entries</source>
        <translation>항목 목록</translation>
    </message>
    <message>
        <source>evidence_attachment_id</source>
        <translation>동의 증빙 첨부 파일</translation>
    </message>
    <message>
        <source>explained</source>
        <translation>설명한 내용</translation>
    </message>
    <message>
        <source>explanation_notes</source>
        <translation>설명 메모</translation>
    </message>
    <message>
        <source>family_at_risk</source>
        <translation>위험에 처한 가족</translation>
    </message>
    <message>
        <source>fingerprint</source>
        <translation>지문</translation>
    </message>
    <message>
        <source>first</source>
        <translation>첫 번호</translation>
    </message>
    <message>
        <source>format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>gender</source>
        <translation>성별</translation>
    </message>
    <message>
        <source>guardian_consented</source>
        <translation>보호자 동의</translation>
    </message>
    <message>
        <source>guardian_relationship</source>
        <translation>보호자와의 관계</translation>
    </message>
    <message>
        <source>how_received</source>
        <translation>받은 방법</translation>
    </message>
    <message>
        <source>id</source>
        <translation>식별자</translation>
    </message>
    <message>
        <source>incidents</source>
        <translation>사건</translation>
    </message>
    <message>
        <source>interpreter</source>
        <translation>통역자</translation>
    </message>
    <message>
        <source>interview_place</source>
        <translation>면담 장소</translation>
    </message>
    <message>
        <source>interviewer</source>
        <translation>면담자</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>label</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>label_ko</source>
        <translation>한국어 이름</translation>
    </message>
    <message>
        <source>language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>last_good_sequence</source>
        <translation>마지막 정상 번들 번호</translation>
    </message>
    <message>
        <source>left_country</source>
        <translation>국가를 떠난 날짜</translation>
    </message>
    <message>
        <source>location</source>
        <translation>있는 곳</translation>
    </message>
    <message>
        <source>manifest_digest</source>
        <translation>매니페스트 다이제스트</translation>
    </message>
    <message>
        <source>media_type</source>
        <translation>파일 형식</translation>
    </message>
    <message>
        <source>members</source>
        <translation>구성 파일</translation>
    </message>
    <message>
        <source>method</source>
        <translation>동의 방식</translation>
    </message>
    <message>
        <source>minor</source>
        <translation>미성년자</translation>
    </message>
    <message>
        <source>name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>names</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>narrative</source>
        <translation>진술</translation>
    </message>
    <message>
        <source>note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>others_present</source>
        <translation>함께 있던 사람</translation>
    </message>
    <message>
        <source>payload_hash</source>
        <translation>내용 해시</translation>
    </message>
    <message>
        <source>perpetrator_type</source>
        <translation>가해자 유형</translation>
    </message>
    <message>
        <source>perpetrator_unit</source>
        <translation>가해자 소속</translation>
    </message>
    <message>
        <source>place_exact</source>
        <translation>정확한 장소</translation>
    </message>
    <message>
        <source>place_public</source>
        <translation>공개 장소</translation>
    </message>
    <message>
        <source>places</source>
        <translation>장소</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>prev_hash</source>
        <translation>이전 해시</translation>
    </message>
    <message>
        <source>previous</source>
        <translation>이전 번들</translation>
    </message>
    <message>
        <source>proof</source>
        <translation>증명</translation>
    </message>
    <message>
        <source>province</source>
        <translation>도</translation>
    </message>
    <message>
        <source>pseudonym</source>
        <translation>가명 코드</translation>
    </message>
    <message>
        <source>public_key</source>
        <translation>공개 키</translation>
    </message>
    <message>
        <source>public_media</source>
        <translation>언론 공개</translation>
    </message>
    <message>
        <source>received_at</source>
        <translation>받은 시각</translation>
    </message>
    <message>
        <source>received_by</source>
        <translation>받은 사람</translation>
    </message>
    <message>
        <source>recipients</source>
        <translation>수신자 키</translation>
    </message>
    <message>
        <source>recontact</source>
        <translation>재연락</translation>
    </message>
    <message>
        <source>record_id</source>
        <translation>기록 식별자</translation>
    </message>
    <message>
        <source>record_version</source>
        <translation>기록 버전</translation>
    </message>
    <message>
        <source>recorded_at</source>
        <translation>기록 시각</translation>
    </message>
    <message>
        <source>recorded_by</source>
        <translation>기록한 사람</translation>
    </message>
    <message>
        <source>recording_mode</source>
        <translation>녹음 방식</translation>
    </message>
    <message>
        <source>records</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>redactions</source>
        <translation>가림 처리</translation>
    </message>
    <message>
        <source>reinstated</source>
        <translation>등록 복원</translation>
    </message>
    <message>
        <source>reinstated_at</source>
        <translation>등록 복원 시각</translation>
    </message>
    <message>
        <source>reinstatements</source>
        <translation>등록 복원 이력</translation>
    </message>
    <message>
        <source>relationship</source>
        <translation>관계</translation>
    </message>
    <message>
        <source>reliability</source>
        <translation>신뢰도</translation>
    </message>
    <message>
        <source>relinking_roles</source>
        <translation>신원 연결 권한 역할</translation>
    </message>
    <message>
        <source>request</source>
        <translation>요청</translation>
    </message>
    <message>
        <source>research</source>
        <translation>연구</translation>
    </message>
    <message>
        <source>restrictions</source>
        <translation>제한 사항</translation>
    </message>
    <message>
        <source>resumed_at</source>
        <translation>재개 시각</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>등록 취소 목록</translation>
    </message>
    <message>
        <source>revoked_at</source>
        <translation>등록 취소 시각</translation>
    </message>
    <message>
        <source>risk_notes</source>
        <translation>위험 메모</translation>
    </message>
    <message>
        <source>scopes</source>
        <translation>이용 목적</translation>
    </message>
    <message>
        <source>seq</source>
        <translation>순번</translation>
    </message>
    <message>
        <source>sequence</source>
        <translation>번호</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>SHA-256 해시</translation>
    </message>
    <message>
        <source>signing_key</source>
        <translation>서명 키</translation>
    </message>
    <message>
        <source>size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>source_connection</source>
        <translation>출처와의 관계</translation>
    </message>
    <message>
        <source>start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>started_at</source>
        <translation>면담 시작</translation>
    </message>
    <message>
        <source>status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>taken_at</source>
        <translation>동의 시각</translation>
    </message>
    <message>
        <source>taken_by</source>
        <translation>동의를 받은 사람</translation>
    </message>
    <message>
        <source>testimony_id</source>
        <translation>증언 식별자</translation>
    </message>
    <message>
        <source>text</source>
        <translation>본문</translation>
    </message>
    <message>
        <source>through</source>
        <translation>마지막 번호</translation>
    </message>
    <message>
        <source>title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>un_reporting</source>
        <translation>유엔 보고</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>victims</source>
        <translation>피해자 수</translation>
    </message>
    <message>
        <source>vocabularies</source>
        <translation>어휘 목록</translation>
    </message>
    <message>
        <source>vocabulary</source>
        <translation>어휘</translation>
    </message>
    <message>
        <source>withdrawals</source>
        <translation>철회</translation>
    </message>
    <message>
        <source>witness_assented</source>
        <translation>증언자 본인 동의</translation>
    </message>
</context>
<context>
    <name>validation phrases</name>
    <message>
        <source>cannot be changed</source>
        <extracomment>What is wrong with a field: pydantic&apos;s problems as ``fieldapp.domain.base`` names them, and the phrases of the models&apos; own validators (and of a laptop&apos;s label), by module.</extracomment>
        <translation>바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>contains characters that are not valid text</source>
        <translation>올바른 텍스트가 아닌 문자를 담고 있습니다</translation>
    </message>
    <message>
        <source>has too few items</source>
        <translation>값이 너무 적습니다</translation>
    </message>
    <message>
        <source>has too many items</source>
        <translation>값이 너무 많습니다</translation>
    </message>
    <message>
        <source>is empty or too short</source>
        <translation>비어 있거나 너무 짧습니다</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>빠져 있습니다</translation>
    </message>
    <message>
        <source>is not a field of this record</source>
        <translation>이 기록에 없는 항목입니다</translation>
    </message>
    <message>
        <source>is not in the expected form</source>
        <translation>정해진 형식에 맞지 않습니다</translation>
    </message>
    <message>
        <source>is not one of the allowed values</source>
        <translation>허용된 값이 아닙니다</translation>
    </message>
    <message>
        <source>is not valid JSON</source>
        <translation>올바른 JSON이 아닙니다</translation>
    </message>
    <message>
        <source>is too large</source>
        <translation>너무 큽니다</translation>
    </message>
    <message>
        <source>is too long</source>
        <translation>너무 깁니다</translation>
    </message>
    <message>
        <source>is too small</source>
        <translation>너무 작습니다</translation>
    </message>
    <message>
        <source>must include a time zone</source>
        <translation>시간대를 포함해야 합니다</translation>
    </message>
    <message>
        <source>has the wrong type</source>
        <translation>값의 종류가 잘못되었습니다</translation>
    </message>
    <message>
        <source>is not valid</source>
        <translation>올바르지 않습니다</translation>
    </message>
    <message>
        <source>holds a non-finite number</source>
        <translation>유한하지 않은 수를 담고 있습니다</translation>
    </message>
    <message>
        <source>has a media type that does not fit its kind</source>
        <translation>파일 형식이 첨부 종류에 맞지 않습니다</translation>
    </message>
    <message>
        <source>must start its chain exactly when it is the first event</source>
        <translation>첫 항목일 때에만, 그리고 첫 항목이면 반드시 체인을 시작해야 합니다</translation>
    </message>
    <message>
        <source>must name the record it is about</source>
        <translation>해당 기록을 밝혀야 합니다</translation>
    </message>
    <message>
        <source>must name the bundle it is about</source>
        <translation>해당 번들을 밝혀야 합니다</translation>
    </message>
    <message>
        <source>gives a record version without a record</source>
        <translation>기록 없이 기록 버전만 밝혔습니다</translation>
    </message>
    <message>
        <source>has a day although only the month is known</source>
        <translation>월까지만 알려졌는데 일이 들어 있습니다</translation>
    </message>
    <message>
        <source>has a month or day although only the year is known</source>
        <translation>연도만 알려졌는데 월이나 일이 들어 있습니다</translation>
    </message>
    <message>
        <source>contains control characters</source>
        <translation>제어 문자를 담고 있습니다</translation>
    </message>
    <message>
        <source>is not a plausible time</source>
        <translation>있을 법한 시각이 아닙니다</translation>
    </message>
    <message>
        <source>is not a known act type</source>
        <translation>알려진 행위 유형이 아닙니다</translation>
    </message>
    <message>
        <source>is not a known COI category</source>
        <translation>알려진 COI 범주가 아닙니다</translation>
    </message>
    <message>
        <source>is not a known perpetrator type</source>
        <translation>알려진 가해자 유형이 아닙니다</translation>
    </message>
    <message>
        <source>is not a known date precision</source>
        <translation>알려진 날짜 정확도가 아닙니다</translation>
    </message>
    <message>
        <source>is not a known reliability grade</source>
        <translation>알려진 신뢰도 등급이 아닙니다</translation>
    </message>
    <message>
        <source>is not a known source connection</source>
        <translation>알려진 출처 관계가 아닙니다</translation>
    </message>
    <message>
        <source>is not a known recording mode</source>
        <translation>알려진 녹음 방식이 아닙니다</translation>
    </message>
    <message>
        <source>is not a known consent method</source>
        <translation>알려진 동의 방식이 아닙니다</translation>
    </message>
    <message>
        <source>is not a known DPRK province</source>
        <translation>알려진 북한의 도가 아닙니다</translation>
    </message>
    <message>
        <source>names a DPRK province for a place outside the DPRK</source>
        <translation>북한 밖의 장소에 북한의 도를 지정했습니다</translation>
    </message>
    <message>
        <source>has a COI category that does not fit its act type</source>
        <translation>COI 범주가 행위 유형에 맞지 않습니다</translation>
    </message>
    <message>
        <source>ends before it starts</source>
        <translation>시작보다 먼저 끝납니다</translation>
    </message>
    <message>
        <source>ends where it starts or before</source>
        <translation>시작하는 곳이나 그 앞에서 끝납니다</translation>
    </message>
    <message>
        <source>has a redaction span that runs past the end of the text</source>
        <translation>가림 처리 구간이 본문 끝을 넘어갑니다</translation>
    </message>
    <message>
        <source>has redaction spans that overlap</source>
        <translation>가림 처리 구간이 서로 겹칩니다</translation>
    </message>
    <message>
        <source>is not a pseudonym code in canonical form (like W-7KQ2-M9X7)</source>
        <translation>표준 형식의 가명 코드(예: W-7KQ2-M9X7)가 아닙니다</translation>
    </message>
    <message>
        <source>must point at the version it amends exactly when it is not the first</source>
        <translation>첫 버전이 아닐 때에만, 그리고 첫 버전이 아니면 반드시 수정 대상 버전을 가리켜야 합니다</translation>
    </message>
    <message>
        <source>must amend the previous version of the same record</source>
        <translation>같은 기록의 바로 앞 버전을 수정해야 합니다</translation>
    </message>
    <message>
        <source>has two incidents with the same id</source>
        <translation>식별자가 같은 사건이 둘 있습니다</translation>
    </message>
    <message>
        <source>has a code that appears twice</source>
        <translation>같은 코드가 두 번 들어 있습니다</translation>
    </message>
    <message>
        <source>has spaces at its start or end</source>
        <translation>앞이나 뒤에 공백이 있습니다</translation>
    </message>
    <message>
        <source>contains a line break</source>
        <translation>줄바꿈을 담고 있습니다</translation>
    </message>
    <message>
        <source>contains invisible formatting characters</source>
        <translation>보이지 않는 서식 문자를 담고 있습니다</translation>
    </message>
    <message>
        <source>holds more than 12 digits, or more than 4 in a row (it could pass for a fingerprint)</source>
        <translation>숫자가 12개를 넘거나 연속으로 4개를 넘습니다(지문으로 오인될 수 있습니다)</translation>
    </message>
</context>
<context>
    <name>validation subjects</name>
    <message>
        <source>accepted gap entry</source>
        <extracomment>The models&apos; names (``fieldapp.domain.base.human_name``), generated from every DomainModel.</extracomment>
        <translation>인정된 빠진 구간 항목</translation>
    </message>
    <message>
        <source>approx date</source>
        <translation>대략적인 날짜</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <source>consent record</source>
        <translation>동의 기록</translation>
    </message>
    <message>
        <source>consent withdrawal</source>
        <translation>동의 철회</translation>
    </message>
    <message>
        <source>contact point</source>
        <translation>연락처</translation>
    </message>
    <message>
        <source>coordinator key</source>
        <translation>코디네이터 키</translation>
    </message>
    <message>
        <source>custody event</source>
        <translation>보관 이력 항목</translation>
    </message>
    <message>
        <source>device keys</source>
        <translation>기기 키</translation>
    </message>
    <message>
        <source>enrolment payload</source>
        <translation>등록 내용</translation>
    </message>
    <message>
        <source>enrolment request</source>
        <translation>등록 요청</translation>
    </message>
    <message>
        <source>enrolment request body</source>
        <translation>등록 요청 본문</translation>
    </message>
    <message>
        <source>family member</source>
        <translation>가족 구성원</translation>
    </message>
    <message>
        <source>incident</source>
        <translation>사건</translation>
    </message>
    <message>
        <source>known place</source>
        <translation>알려진 장소</translation>
    </message>
    <message>
        <source>manifest</source>
        <translation>매니페스트</translation>
    </message>
    <message>
        <source>manifest member</source>
        <translation>매니페스트 항목</translation>
    </message>
    <message>
        <source>minor consent</source>
        <translation>미성년자 동의</translation>
    </message>
    <message>
        <source>narrative</source>
        <translation>진술</translation>
    </message>
    <message>
        <source>public place</source>
        <translation>공개 장소</translation>
    </message>
    <message>
        <source>receipt payload</source>
        <translation>수령증 내용</translation>
    </message>
    <message>
        <source>received bundle</source>
        <translation>받은 번들</translation>
    </message>
    <message>
        <source>received record</source>
        <translation>받은 기록</translation>
    </message>
    <message>
        <source>record ref</source>
        <translation>기록 참조</translation>
    </message>
    <message>
        <source>redaction span</source>
        <translation>가림 처리 구간</translation>
    </message>
    <message>
        <source>reinstated</source>
        <translation>등록 복원 기록</translation>
    </message>
    <message>
        <source>reinstatement entry</source>
        <translation>등록 복원 항목</translation>
    </message>
    <message>
        <source>revocation</source>
        <translation>등록 취소</translation>
    </message>
    <message>
        <source>revocation payload</source>
        <translation>등록 취소 내용</translation>
    </message>
    <message>
        <source>revocation payload v2</source>
        <translation>등록 취소 내용(버전 2)</translation>
    </message>
    <message>
        <source>roster</source>
        <translation>기기 명단</translation>
    </message>
    <message>
        <source>roster device</source>
        <translation>기기 명단 항목</translation>
    </message>
    <message>
        <source>roster device v2</source>
        <translation>기기 명단 항목(버전 2)</translation>
    </message>
    <message>
        <source>roster v2</source>
        <translation>기기 명단(버전 2)</translation>
    </message>
    <message>
        <source>scope decisions</source>
        <translation>이용 목적별 결정</translation>
    </message>
    <message>
        <source>testimony</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>victim count</source>
        <translation>피해자 수</translation>
    </message>
    <message>
        <source>vocabulary</source>
        <translation>어휘</translation>
    </message>
    <message>
        <source>vocabulary entry</source>
        <translation>어휘 항목</translation>
    </message>
    <message>
        <source>vocabulary payload</source>
        <translation>어휘 팩 내용</translation>
    </message>
    <message>
        <source>withdrawal payload</source>
        <translation>철회 팩 내용</translation>
    </message>
    <message>
        <source>witness identity</source>
        <translation>증언자 신원</translation>
    </message>
</context>
</TS>
