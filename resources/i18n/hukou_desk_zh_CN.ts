<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdminPanel</name>
    <message>
        <source>clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号状态</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新用户</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <source>Set this password</source>
        <translation>设为此密码</translation>
    </message>
    <message>
        <source>Disable / enable the account</source>
        <translation>停用 / 启用账号</translation>
    </message>
    <message>
        <source>Chosen user</source>
        <translation>选中的用户</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Station settings</source>
        <translation>本所设置</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>闲置多少分钟后锁屏</translation>
    </message>
    <message>
        <source>Keep backups for days</source>
        <translation>备份保留天数</translation>
    </message>
    <message>
        <source>Complaint phone</source>
        <translation>投诉电话</translation>
    </message>
    <message>
        <source>none: details are typed</source>
        <translation>无：证件信息手工录入</translation>
    </message>
    <message>
        <source>simulated: cards from a folder (training)</source>
        <translation>模拟读卡器：从文件夹读取证件（培训用）</translation>
    </message>
    <message>
        <source>termb family (termb.dll / libtermb.so)</source>
        <translation>termb 接口（termb.dll / libtermb.so）</translation>
    </message>
    <message>
        <source>SAM interface (sdtapi.dll / libsdtapi.so)</source>
        <translation>SAM 接口（sdtapi.dll / libsdtapi.so）</translation>
    </message>
    <message>
        <source>the vendor&apos;s library file or its folder (simulated: the cards&apos; folder)</source>
        <translation>厂商程序库文件或其所在文件夹（模拟读卡器：证件文件夹）</translation>
    </message>
    <message>
        <source>USB, found by itself</source>
        <translation>USB，自动查找</translation>
    </message>
    <message>
        <source>SAM interface: the photo decoder library</source>
        <translation>SAM 接口：照片解码程序库</translation>
    </message>
    <message>
        <source>the PC&apos;s camera (USB document camera)</source>
        <translation>本机摄像头（USB高拍仪）</translation>
    </message>
    <message>
        <source>simulated: generated pages (training)</source>
        <translation>模拟：生成的页面（培训用）</translation>
    </message>
    <message>
        <source>none: pages from files only</source>
        <translation>无：只从文件添加页面</translation>
    </message>
    <message>
        <source>Save and look for the reader</source>
        <translation>保存并查找读卡器</translation>
    </message>
    <message>
        <source>Card reader and document camera</source>
        <translation>读卡器与高拍仪</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>程序库</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Photo decoder</source>
        <translation>照片解码库</translation>
    </message>
    <message>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <source>the centre&apos;s signing key (from the centre)</source>
        <translation>中心的签名公钥（由中心提供）</translation>
    </message>
    <message>
        <source>Trust this centre key</source>
        <translation>信任此中心公钥</translation>
    </message>
    <message>
        <source>Install the centre&apos;s reference file…</source>
        <translation>安装中心参考数据文件…</translation>
    </message>
    <message>
        <source>Write the deciders&apos; enrolment requests…</source>
        <translation>写出审批人密钥的登记申请…</translation>
    </message>
    <message>
        <source>Supervisors&apos; and administrators&apos; signing keys the centre has not enrolled: carry the file to the centre; its next reference file enrols them.</source>
        <translation>中心尚未登记的审批人和管理员签名密钥：请将此文件交中心，中心下发的下一份参考数据即完成登记。</translation>
    </message>
    <message>
        <source>City centre</source>
        <translation>市户政中心</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>签名公钥</translation>
    </message>
    <message>
        <source>Station registration…</source>
        <translation>本所登记信息…</translation>
    </message>
    <message>
        <source>The recovery sheet is lost: make a new secret…</source>
        <translation>恢复密钥单遗失：生成新的恢复密钥…</translation>
    </message>
    <message>
        <source>Station keys</source>
        <translation>本所密钥</translation>
    </message>
    <message>
        <source>Install an update from a file…</source>
        <translation>从文件安装更新…</translation>
    </message>
    <message>
        <source>Release of the desk</source>
        <translation>本系统版本</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked (too many wrong passwords)</source>
        <translation>已锁定（密码错误次数过多）</translation>
    </message>
    <message>
        <source>no password yet</source>
        <translation>尚未设置密码</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Choose a user in the list first.</source>
        <translation>请先在列表中选择一位用户。</translation>
    </message>
    <message>
        <source>User {0} added.</source>
        <translation>已添加用户 {0}。</translation>
    </message>
    <message>
        <source>Password of {0} set.</source>
        <translation>已设置 {0} 的密码。</translation>
    </message>
    <message>
        <source>{0} is disabled and the case file has a new key: their password, or a copy of the keyring, opens nothing written from now on.</source>
        <translation>{0} 已停用，案件数据库已换用新密钥：其密码或留存的密钥环副本，都打不开此后写入的任何内容。</translation>
    </message>
    <message>
        <source>Set a new password for: {0}</source>
        <translation>请为以下人员设置新密码：{0}</translation>
    </message>
    <message>
        <source>Make a new recovery secret? The case file gets a new key, and the lost sheet will open neither it nor its backups. Print or write down the new secret at once.</source>
        <translation>生成新的恢复密钥？案件数据库将换用新密钥，遗失的密钥单将打不开它及其备份。请立即打印或抄下新的恢复密钥。</translation>
    </message>
    <message>
        <source>The centre&apos;s signing key is trusted.</source>
        <translation>已信任中心签名公钥。</translation>
    </message>
    <message>
        <source>The centre&apos;s reference file</source>
        <translation>中心参考数据文件</translation>
    </message>
    <message>
        <source>Reference data installed: {0} form files, {1} station keys, {2} new staff. Restart the desk to use the new forms.</source>
        <translation>已安装中心参考数据：表单文件 {0} 个，派出所公钥 {1} 个，新增人员 {2} 名。重新启动本软件后使用新表单。</translation>
    </message>
    <message>
        <source>{0} time limits counted with the new working-day calendar.</source>
        <translation>已按新的工作日历计算 {0} 件案件的办理期限。</translation>
    </message>
    <message>
        <source>Enrolment requests for the centre</source>
        <translation>交中心的登记申请</translation>
    </message>
    <message>
        <source>{0} enrolment requests written ({1}): carry the file to the centre.</source>
        <translation>已写出 {0} 份登记申请（{1}）：请将文件交中心。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Looking for the reader…</source>
        <translation>正在查找读卡器…</translation>
    </message>
    <message>
        <source>Release {0}, run from a developer&apos;s copy: updates are installed on an installed station.</source>
        <translation>版本 {0}，从开发者副本运行：更新只能在已安装的派出所电脑上安装。</translation>
    </message>
    <message>
        <source>Roll back to the previous release</source>
        <translation>回退到上一版本</translation>
    </message>
    <message>
        <source>Release in use: {0}. Kept to go back to: {1}.</source>
        <translation>正在使用版本 {0}；保留以便回退的版本：{1}。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Roll back to release {0}</source>
        <translation>回退到版本 {0}</translation>
    </message>
    <message>
        <source>The update package</source>
        <translation>更新包</translation>
    </message>
    <message>
        <source>Update packages (*.hkdupdate)</source>
        <translation>更新包 (*.hkdupdate)</translation>
    </message>
    <message>
        <source>Install release {0} ({1} MB, signed by the centre)? The case file is backed up first, and release {2} is kept to go back to. The desk must then be started again.</source>
        <translation>安装版本 {0}（{1} MB，中心签发）？安装前先备份案件数据库，并保留版本 {2} 以便回退。安装后须重新启动本系统。</translation>
    </message>
    <message>
        <source>Installing the update. Do not switch the PC off.</source>
        <translation>正在安装更新，请勿关闭电脑。</translation>
    </message>
    <message>
        <source>Release {0} is installed. Close the desk and start it again: its first start upgrades the case file (after a backup).</source>
        <translation>版本 {0} 已安装。请关闭并重新启动本系统：首次启动时将（先备份后）升级案件数据库。</translation>
    </message>
    <message>
        <source>Go back to release {0}? The case file is backed up, then taken back to what that release reads; the cases recorded since stay. The desk then closes: start it again.</source>
        <translation>回退到版本 {0}？将先备份案件数据库，再将其转回该版本可读的格式；此后录入的案件保留。随后本系统关闭，请重新启动。</translation>
    </message>
    <message>
        <source>Rolled back to release {0}. Start the desk again.</source>
        <translation>已回退到版本 {0}。请重新启动本系统。</translation>
    </message>
</context>
<context>
    <name>ApplicantStep</name>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>18 characters, as on the identity card</source>
        <translation>18位，与身份证一致</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>type part of the name (恩城, 台城…) and choose; an office elsewhere in full</source>
        <translation>输入名称中的几个字（如 恩城、台城）后选择；外市的登记机关请填写全称</translation>
    </message>
    <message>
        <source>Read card (F2)</source>
        <translation>读卡（F2）</translation>
    </message>
    <message>
        <source>Identity number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Current address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <source>Hukou address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <source>Hukou registration office</source>
        <translation>户口登记机关（迁出地）</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Copy the known details</source>
        <translation>复制已登记信息</translation>
    </message>
    <message>
        <source>The name typed differs from the one on record ({0}). This case records what you type; other cases keep theirs. If the record is wrong, correct the person from one of their opened cases (Correct a person&apos;s details).</source>
        <translation>所填姓名与已登记的姓名（{0}）不同。本案按所填内容记录，其他案件保持原信息。如登记有误，请打开此人的案件，用“更正人员信息”更正。</translation>
    </message>
    <message>
        <source>The printing font has no {0}: no paper can be printed with this name. Tell the administrator before the applicant leaves.</source>
        <translation>打印字体中没有{0}：此姓名的文书无法打印。请在申请人离开前告知系统管理员。</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Born {0} · {1} · {2}</source>
        <translation>出生 {0} · {1} · {2}</translation>
    </message>
    <message>
        <source>Not known at this station yet: a new person.</source>
        <translation>本所尚无此人记录：新登记人员。</translation>
    </message>
    <message>
        <source>Known at this station as {0} (household register: {1}). Copy the known details to use them, or type them as the applicant gives them: what you enter is recorded for this case only, and no other case changes.</source>
        <translation>本所已登记此人：{0}（户籍地址：{1}）。可复制已登记信息，或按申请人所述填写：所填内容只记入本案，其他案件均不改变。</translation>
    </message>
    <message>
        <source>Warning: this person already has {0} open case(s). A second application is usually a duplicate; check with the applicant before going on.</source>
        <translation>注意：此人已有 {0} 件在办案件。再次申请多为重复申请，请先与申请人核实再继续。</translation>
    </message>
    <message>
        <source>This card&apos;s number cannot stand in a household register: {0}</source>
        <translation>此证件号码不能用于户口登记：{0}</translation>
    </message>
    <message>
        <source>This case is opened for another identity number: read that person&apos;s card, or withdraw the draft and start a new intake for this one.</source>
        <translation>本案已按另一个身份号码立案：请读取该人的证件，或撤回草稿后为此人重新受理。</translation>
    </message>
    <message>
        <source>Offered from the card&apos;s address: type over it if the applicant lives elsewhere</source>
        <translation>按身份证住址填入：申请人住在别处时直接改写</translation>
    </message>
    <message>
        <source>Offered from the card&apos;s address</source>
        <translation>按证件地址推荐</translation>
    </message>
    <message>
        <source>Enter a valid identity number first.</source>
        <translation>请先输入有效的公民身份号码。</translation>
    </message>
    <message>
        <source>Enter the applicant&apos;s name.</source>
        <translation>请填写申请人姓名。</translation>
    </message>
    <message>
        <source>Enter the office that keeps the applicant&apos;s household register.</source>
        <translation>请填写申请人户口所在的户口登记机关。</translation>
    </message>
    <message>
        <source>Choose the applicant&apos;s ethnicity.</source>
        <translation>请选择申请人的民族。</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>Capture: {0}</source>
        <translation>拍摄：{0}</translation>
    </message>
    <message>
        <source>Take a page (Space)</source>
        <translation>拍摄一页 (空格)</translation>
    </message>
    <message>
        <source>Add pages from files…</source>
        <translation>从文件添加页面…</translation>
    </message>
    <message>
        <source>Remove the chosen page</source>
        <translation>删除选中的页面</translation>
    </message>
    <message>
        <source>Attach the pages (Ctrl+Enter)</source>
        <translation>附加这些页面（Ctrl+回车）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Camera: {0}</source>
        <translation>高拍仪：{0}</translation>
    </message>
    <message>
        <source>No document camera found: add the pages from files (a scanner&apos;s too).</source>
        <translation>未找到高拍仪：请从文件添加页面（扫描仪扫描的文件亦可）。</translation>
    </message>
    <message>
        <source>Pages from files</source>
        <translation>从文件添加页面</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)</translation>
    </message>
    <message>
        <source>{0} is not a picture that can be read.</source>
        <translation>{0} 不是可读取的图片。</translation>
    </message>
    <message>
        <source>Attach {0} page(s), {1:.1f} MB (Ctrl+Enter)</source>
        <translation>附加 {0} 页，{1:.1f} MB（Ctrl+回车）</translation>
    </message>
    <message>
        <source>Attaching the pages…</source>
        <translation>正在附加页面…</translation>
    </message>
    <message>
        <source>{0} page(s) attached.</source>
        <translation>已附加 {0} 页。</translation>
    </message>
</context>
<context>
    <name>CardReading</name>
    <message>
        <source>Reading the card… keep it on the reader.</source>
        <translation>正在读卡…请勿移动证件。</translation>
    </message>
    <message>
        <source>Read from the card</source>
        <translation>读自证件</translation>
    </message>
    <message>
        <source>Read from the card ({0}, valid {1}): {2} · {3}</source>
        <translation>读自证件（{0}，有效期 {1}）：{2} · {3}</translation>
    </message>
</context>
<context>
    <name>CaseListPanel</name>
    <message>
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <source>My drafts</source>
        <translation>我的草稿</translation>
    </message>
    <message>
        <source>Waiting for documents</source>
        <translation>待补正材料</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved, slip not printed</source>
        <translation>已批准、未打印准迁证明</translation>
    </message>
    <message>
        <source>Due within {0} working days</source>
        <translation>{0} 个工作日内到期</translation>
    </message>
    <message>
        <source>Past the time limit</source>
        <translation>已超过办理时限</translation>
    </message>
    <message>
        <source>Showing {0} of more than {1} matching cases; scroll for more.</source>
        <translation>符合条件的超过 {1} 件，已显示 {0} 件，向下滚动查看更多。</translation>
    </message>
    <message>
        <source>Showing {0} of {1} matching cases; scroll for more.</source>
        <translation>符合条件的共 {1} 件，已显示 {0} 件，向下滚动查看更多。</translation>
    </message>
    <message>
        <source>{1} cases match.</source>
        <translation>共 {1} 件符合。</translation>
    </message>
    <message>
        <source>Hand over to another counter…</source>
        <translation>移交给本所另一柜台…</translation>
    </message>
    <message>
        <source>Receive a case from another counter…</source>
        <translation>接收另一柜台移交的案件…</translation>
    </message>
    <message>
        <source>Name, pinyin initials, identity number or case number (Ctrl+F)</source>
        <translation>姓名、拼音首字母、身份号码或案件编号（Ctrl+F）</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>any pathway</source>
        <translation>全部途径</translation>
    </message>
    <message>
        <source>any district</source>
        <translation>全部县区</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>{0} cases on file.</source>
        <translation>库内共 {0} 件。</translation>
    </message>
</context>
<context>
    <name>CaseReview</name>
    <message>
        <source>Along</source>
        <translation>随迁</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>None required.</source>
        <translation>无需材料。</translation>
    </message>
    <message>
        <source>People in the case</source>
        <translation>案件相关人员</translation>
    </message>
    <message>
        <source>Scans</source>
        <translation>扫描件</translation>
    </message>
    <message>
        <source>What the plan says</source>
        <translation>依据方案的审查</translation>
    </message>
    <message>
        <source>Scans (Enter or double-click to look at one)</source>
        <translation>扫描件（回车或双击查看）</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审批决定</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不予批准</translation>
    </message>
    <message>
        <source>Record the decision</source>
        <translation>记录审批决定</translation>
    </message>
    <message>
        <source>Continue preparing this case</source>
        <translation>继续办理此案件</translation>
    </message>
    <message>
        <source>answered by {0}, {1} (China time)</source>
        <translation>核验人 {0}，{1}（北京时间）</translation>
    </message>
    <message>
        <source>The criteria the refusal rests on (at least one; the refusal notice names each with its clause):</source>
        <translation>不予批准所依据的条件（至少勾选一项；告知书逐项列明其依据条款）：</translation>
    </message>
    <message>
        <source>Extend the time limit to 50 days…</source>
        <translation>延长办理期限至50个工作日…</translation>
    </message>
    <message>
        <source>Issue the permit anew…</source>
        <translation>重新签发准予迁入证明…</translation>
    </message>
    <message>
        <source>Correct a person&apos;s details…</source>
        <translation>更正人员信息…</translation>
    </message>
    <message>
        <source>Return for documents…</source>
        <translation>退回补正材料…</translation>
    </message>
    <message>
        <source>Print… (Ctrl+P)</source>
        <translation>打印…（Ctrl+P）</translation>
    </message>
    <message>
        <source>Read-only copy: this case was handed over to counter {0}, where it is changed now. To go on with it here, ask that counter to hand it back.</source>
        <translation>只读副本：此案件已移交给柜台 {0}，现由该柜台办理。如需在本机继续办理，请该柜台把案件移交回来。</translation>
    </message>
    <message>
        <source>Waiting for a supervisor&apos;s decision.</source>
        <translation>等待审批人审批。</translation>
    </message>
    <message>
        <source>⚠ The plan&apos;s finding is “{0}”. To approve, write your reason (required: recorded with the decision and printed on the approval as 审批意见).</source>
        <translation>⚠ 系统审查结论为“{0}”。如批准，须写明理由（必填：随审批决定记录，并作为“审批意见”印在准予迁入证明上）。</translation>
    </message>
    <message>
        <source>Your own words (printed on a refusal notice as 审批意见)</source>
        <translation>审批人意见（印在不予批准告知书上，作为审批意见）</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Former number (on earlier papers)</source>
        <translation>原案件编号（见此前开具的文书）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Pathway</source>
        <translation>迁入途径</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>迁入县区</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Prepared by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Approved against the plan&apos;s finding by</source>
        <translation>批准（与系统审查结论不同），审批人</translation>
    </message>
    <message>
        <source>applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Corrected. Cases corrected: {0}. Cases keeping their details: {1}.</source>
        <translation>已更正。已更正的案件：{0}。保持原信息的案件：{1}。</translation>
    </message>
    <message>
        <source>sponsor</source>
        <translation>被投靠人</translation>
    </message>
    <message>
        <source>relative coming along</source>
        <translation>随迁亲属</translation>
    </message>
    <message>
        <source>property owner</source>
        <translation>房屋产权人</translation>
    </message>
    <message>
        <source>householder</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>recommends approval</source>
        <translation>建议批准</translation>
    </message>
    <message>
        <source>recommends refusal</source>
        <translation>建议不予批准</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Refused by</source>
        <translation>不予批准人</translation>
    </message>
    <message>
        <source>Opening the scan…</source>
        <translation>正在打开扫描件……</translation>
    </message>
    <message>
        <source>Extend the time limit</source>
        <translation>延长办理期限</translation>
    </message>
    <message>
        <source>Reasons for the extension (recorded):</source>
        <translation>延期理由（将记录在案）：</translation>
    </message>
    <message>
        <source>Case {0}: the time limit is now 50 working days.</source>
        <translation>案件 {0}：办理期限已延长至50个工作日。</translation>
    </message>
    <message>
        <source>Issue the permit anew</source>
        <translation>重新签发准予迁入证明</translation>
    </message>
    <message>
        <source>Reasons (recorded; the permit issued before becomes void):</source>
        <translation>理由（记录在案；此前签发的证明作废）：</translation>
    </message>
    <message>
        <source>Issue the permit for case {0} anew?</source>
        <translation>重新签发案件 {0} 的准予迁入证明？</translation>
    </message>
    <message>
        <source>The permit issued before becomes void; the next print is a new approval slip (准予迁入证明) with a new number. Recorded in the audit trail with your reasons.</source>
        <translation>此前签发的证明作废；下次打印的是带新编号的准予迁入证明。连同您的理由记入审计记录。</translation>
    </message>
    <message>
        <source>Issue anew</source>
        <translation>重新签发</translation>
    </message>
    <message>
        <source>Case {0}: the next print of the permit is a new issue.</source>
        <translation>案件 {0}：下次打印准予迁入证明即为重新签发。</translation>
    </message>
    <message>
        <source>Choose approve or refuse.</source>
        <translation>请选择批准或不予批准。</translation>
    </message>
    <message>
        <source>Approve case {0}?</source>
        <translation>批准案件 {0}？</translation>
    </message>
    <message>
        <source>The approval is recorded in your name in the audit trail, and the approval slip (准予迁入证明) can be printed with its number.</source>
        <translation>批准以您的名义记入审计记录，随后可打印带编号的准予迁入证明。</translation>
    </message>
    <message>
        <source>Refuse case {0}?</source>
        <translation>不予批准案件 {0}？</translation>
    </message>
    <message>
        <source>The refusal and its reasons are recorded in your name in the audit trail, and the refusal notice (不予批准告知书) is printed with its number.</source>
        <translation>不予批准的决定及理由以您的名义记入审计记录，并打印带编号的不予批准告知书。</translation>
    </message>
    <message>
        <source>Note: the plan says {0}.</source>
        <translation>注意：方案判断为“{0}”。</translation>
    </message>
    <message>
        <source>Note: the time limit ran out on {0}.</source>
        <translation>注意：办理期限已于 {0} 届满。</translation>
    </message>
    <message>
        <source>Case {0} approved.</source>
        <translation>案件 {0} 已批准。</translation>
    </message>
    <message>
        <source>Case {0} refused.</source>
        <translation>案件 {0} 不予批准。</translation>
    </message>
    <message>
        <source>Return case {0} to the applicant for documents?</source>
        <translation>将案件 {0} 退回申请人补正材料？</translation>
    </message>
    <message>
        <source>{0} document(s) are recorded as not matching, with your note; a numbered notice of missing documents (补正材料通知书) is due, and the time limit pauses. Recorded in the audit trail.</source>
        <translation>{0} 份材料将连同您的说明记为不符；须出具带编号的补正材料通知书，办理期限暂停计算。记入审计记录。</translation>
    </message>
    <message>
        <source>Return the case</source>
        <translation>退回补正</translation>
    </message>
    <message>
        <source>Case {0} returned for documents: print the notice with Ctrl+P.</source>
        <translation>案件 {0} 已退回补正材料：请按 Ctrl+P 打印通知书。</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Identity number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Pathway</source>
        <translation>迁入途径</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>District</source>
        <translation>县区</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>(not chosen yet)</source>
        <translation>（尚未选择）</translation>
    </message>
</context>
<context>
    <name>CaseTabs</name>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>{0} unfinished intake(s) restored where you left them.</source>
        <translation>已恢复 {0} 件未完成的受理，停在您离开时的位置。</translation>
    </message>
</context>
<context>
    <name>CasesBehind</name>
    <message>
        <source>The cases behind this figure</source>
        <translation>该项统计所含案件</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Pathway</source>
        <translation>迁入途径</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>{0} cases</source>
        <translation>共 {0} 件</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Your password was set by the administrator. Choose your own before you start: from now on only you know it.</source>
        <translation>您的密码由管理员设置。开始工作前请设置您自己的密码：此后只有您知道它。</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>CheckBox</name>
    <message>
        <source>original inspected</source>
        <translation>验原件</translation>
    </message>
    <message>
        <source>original inspected, copy kept</source>
        <translation>验原件、留复印件</translation>
    </message>
    <message>
        <source>original kept</source>
        <translation>收原件</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <source>note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Attach scan…</source>
        <translation>添加扫描件…</translation>
    </message>
    <message>
        <source>Capture…</source>
        <translation>拍摄…</translation>
    </message>
    <message>
        <source>Pages from the document camera or from files</source>
        <translation>从高拍仪或文件获取页面</translation>
    </message>
    <message>
        <source>Answer from the card read…</source>
        <translation>按读卡结果核验…</translation>
    </message>
    <message>
        <source>It holds (Ctrl+Enter)</source>
        <translation>核验无误（Ctrl+回车）</translation>
    </message>
    <message>
        <source>Verified, every check question answered yes; the card read asks the face</source>
        <translation>已核验，各核对项均为“是”；读卡所得的证件须先核对本人相貌</translation>
    </message>
    <message>
        <source>The holder is not the person on the card&apos;s photo.</source>
        <translation>持证人与证件照片不是同一人。</translation>
    </message>
    <message>
        <source>Scans: {0}</source>
        <translation>扫描件：{0}</translation>
    </message>
    <message>
        <source>No scan attached (drop files here).</source>
        <translation>尚无扫描件（可将文件拖到此处）。</translation>
    </message>
    <message>
        <source>Recorded as not matching: a check question is answered no. Tick it, or write in the note why the document still holds.</source>
        <translation>已记为“不符”：有核验问题回答为“否”。请勾选该项，或在备注中写明该材料仍然有效的理由。</translation>
    </message>
    <message>
        <source>Attach scans</source>
        <translation>添加扫描件</translation>
    </message>
    <message>
        <source>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <source>The last 12 months</source>
        <translation>近12个月</translation>
    </message>
    <message>
        <source>Chosen months</source>
        <translation>自选月份</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Monthly report PDF…</source>
        <translation>统计报告 PDF…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Pathway</source>
        <translation>迁入途径</translation>
    </message>
    <message>
        <source>District</source>
        <translation>迁入地</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>统计期间的结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Bars marked “not shown”: {0}.</source>
        <translation>标“不列出”的柱：{0}。</translation>
    </message>
    <message>
        <source>not shown</source>
        <translation>不列出</translation>
    </message>
    <message>
        <source>A folder for the CSV files</source>
        <translation>选择存放 CSV 文件的文件夹</translation>
    </message>
    <message>
        <source>Save the figures</source>
        <translation>保存统计数据</translation>
    </message>
    <message>
        <source>Saved: {0}</source>
        <translation>已保存：{0}</translation>
    </message>
</context>
<context>
    <name>DeskMenus</name>
    <message>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>Find a case</source>
        <translation>查找案件</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print today&apos;s approval slips…</source>
        <translation>打印今日的准予迁入证明…</translation>
    </message>
    <message>
        <source>Check a slip&apos;s QR code…</source>
        <translation>核验文书二维码…</translation>
    </message>
    <message>
        <source>Export for the centre…</source>
        <translation>导出至中心…</translation>
    </message>
    <message>
        <source>Close this tab</source>
        <translation>关闭此标签页</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>立即锁屏</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>Sign out / switch user…</source>
        <translation>退出登录 / 切换用户…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Pathway finder</source>
        <translation>途径查找</translation>
    </message>
    <message>
        <source>Policy browser</source>
        <translation>政策浏览</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Text size</source>
        <translation>文字大小(&amp;T)</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>较大</translation>
    </message>
    <message>
        <source>Largest</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>About hukou-desk</source>
        <translation>关于户籍窗口系统</translation>
    </message>
    <message>
        <source>hukou-desk {0}
Caseworker desktop for Jiangmen&apos;s hukou counters.</source>
        <translation>户籍窗口系统 {0}
江门市公安派出所户籍窗口业务系统。</translation>
    </message>
    <message>
        <source>{0}
Forms in force: {1}
Fonts: Droid Sans Fallback (Apache License 2.0); Noto Serif CJK SC, cut for the slips (SIL Open Font License 1.1). Their licences are in resources/fonts.</source>
        <translation>{0}
现行表单：{1}
字体：Droid Sans Fallback（Apache 许可证 2.0）；为文书裁切的思源宋体（Noto Serif CJK SC，SIL 开放字体许可证 1.1）。许可证全文在 resources/fonts 中。</translation>
    </message>
</context>
<context>
    <name>DeskPrinting</name>
    <message>
        <source>Open or select a case to print for it.</source>
        <translation>请先打开或选中一件案件再打印。</translation>
    </message>
    <message>
        <source>Nothing can be printed for this case in its state.</source>
        <translation>该案件当前状态下没有可打印的文书。</translation>
    </message>
    <message>
        <source>Preparing the slip…</source>
        <translation>正在生成文书……</translation>
    </message>
    <message>
        <source>Preparing today&apos;s approval slips…</source>
        <translation>正在生成今日的准予迁入证明……</translation>
    </message>
    <message>
        <source>No printer is set up on this PC. Save the {0} approval slips as PDF files?</source>
        <translation>本机没有可用的打印机。是否将 {0} 份准予迁入证明另存为 PDF 文件？</translation>
    </message>
    <message>
        <source>Folder for the slips</source>
        <translation>选择保存文书的文件夹</translation>
    </message>
    <message>
        <source>Export for the centre</source>
        <translation>导出至中心</translation>
    </message>
    <message>
        <source>Export bundles (*.hkb)</source>
        <translation>导出文件 (*.hkb)</translation>
    </message>
</context>
<context>
    <name>DeskSession</name>
    <message>
        <source>Your password is changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Card reader: looking…</source>
        <translation>读卡器：正在查找…</translation>
    </message>
    <message>
        <source>TRAINING FILE: demo data, never exported; its slips are marked</source>
        <translation>培训文件：演示数据，不会导出，打印件均标“培训样本”</translation>
    </message>
    <message>
        <source>{0} · in force from {1}</source>
        <translation>{0} · 自 {1} 起施行</translation>
    </message>
    <message>
        <source>Cases on file: {0} · waiting for approval: {1} · open cases past the time limit: {2} · due within {3} working days: {4}</source>
        <translation>案件总数：{0} · 待审批：{1} · 全站在办超过办理时限：{2} · {3} 个工作日内到期：{4}</translation>
    </message>
</context>
<context>
    <name>DocumentsStep</name>
    <message>
        <source>Documents</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>This pathway asks for no document.</source>
        <translation>此途径无需提交材料。</translation>
    </message>
    <message>
        <source>{0} documents: {1} not checked yet, {2} missing or not matching.</source>
        <translation>共 {0} 项材料：{1} 项未核验，{2} 项缺少或不符。</translation>
    </message>
    <message>
        <source>Attached {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <source>Exporting the cases changed since the last export…</source>
        <translation>正在导出上次导出以来有变更的案件…</translation>
    </message>
    <message>
        <source>Export for the centre</source>
        <translation>导出至中心</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was recorded and nothing written.</source>
        <translation>导出已取消，未作任何记录，也未写入文件。</translation>
    </message>
    <message>
        <source>Exported {0} cases (changes {1}–{2}) to {3}.</source>
        <translation>已导出 {0} 件案件（变更 {1}–{2}）到 {3}。</translation>
    </message>
</context>
<context>
    <name>FaceCheck</name>
    <message>
        <source>Identity card: the holder</source>
        <translation>身份证：核对持证人</translation>
    </message>
    <message>
        <source>The reader gave no photo: compare the card itself.</source>
        <translation>读卡器未给出照片：请与证件本身比对。</translation>
    </message>
    <message>
        <source>{0}, {1}. Is the person at the counter the one on the card? Your answer settles the identity card check.</source>
        <translation>{0}，{1}。窗口前的人是否就是证件上的人？您的回答即为身份证核验结果。</translation>
    </message>
    <message>
        <source>Same person (Alt+Y)</source>
        <translation>是同一人（Alt+Y）</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>不是同一人</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>“{0}” is not in the list: type part of a name in it and choose.</source>
        <translation>列表中没有“{0}”：请输入名称中的几个字后选择。</translation>
    </message>
    <message>
        <source>“{0}” is not a district: type part of its name, or its code.</source>
        <translation>“{0}”不是县区：请输入县区名称中的几个字，或其代码。</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Set up this station</source>
        <translation>设置本派出所</translation>
    </message>
    <message>
        <source>This PC has no administrator yet. Enter the station&apos;s code and name, and choose the administrator&apos;s password. There is no default password.</source>
        <translation>本机尚无管理员。请输入派出所代码和名称，并设置管理员密码。系统没有默认密码。</translation>
    </message>
    <message>
        <source>Each PC of the station is one counter, 01 to 99: give this PC its own.</source>
        <translation>本所每台电脑是一个柜台（01 至 99）：请给本机一个不与其他电脑重复的号。</translation>
    </message>
    <message>
        <source>Station code</source>
        <translation>派出所代码</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>派出所名称</translation>
    </message>
    <message>
        <source>Counter number of this PC (01–99)</source>
        <translation>本机柜台号（01–99）</translation>
    </message>
    <message>
        <source>District</source>
        <translation>县区</translation>
    </message>
    <message>
        <source>Station telephone (printed on slips)</source>
        <translation>派出所电话（打印在文书上）</translation>
    </message>
    <message>
        <source>Station address</source>
        <translation>派出所地址</translation>
    </message>
    <message>
        <source>Administrator&apos;s user name</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <source>Administrator&apos;s name</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Enter the station&apos;s name and the administrator&apos;s.</source>
        <translation>请填写派出所名称和管理员姓名。</translation>
    </message>
</context>
<context>
    <name>GiveDialog</name>
    <message>
        <source>Hand over case {0}</source>
        <translation>移交案件 {0}</translation>
    </message>
    <message>
        <source>The case moves to the other counter with everything in it; this PC keeps a read-only copy. Save the file to a stick or a shared folder, and tell the other counter the code shown afterwards.</source>
        <translation>案件连同其全部材料移交给另一柜台，本机只保留只读副本。请把移交文件存到U盘或共享文件夹，并把随后显示的移交码告知对方柜台。</translation>
    </message>
    <message>
        <source>e.g. for the supervisor&apos;s review</source>
        <translation>如：交审批人审核</translation>
    </message>
    <message>
        <source>Save to…</source>
        <translation>保存到…</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>To counter (01–99)</source>
        <translation>移交给柜台（01–99）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Save the hand-over file</source>
        <translation>保存移交文件</translation>
    </message>
    <message>
        <source>Hand-over files ({0})</source>
        <translation>移交文件（{0}）</translation>
    </message>
    <message>
        <source>Choose where to save the hand-over file first.</source>
        <translation>请先选择移交文件的保存位置。</translation>
    </message>
    <message>
        <source>Case {0} is handed over to counter {1}; this PC keeps a read-only copy. Tell that counter this code (never write it on the stick): {2}</source>
        <translation>案件 {0} 已移交给柜台 {1}，本机只保留只读副本。请把移交码告知该柜台（切勿写在U盘上）：{2}</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Manual — hukou-desk</source>
        <translation>使用说明 — 户籍窗口系统</translation>
    </message>
    <message>
        <source>Save the manual as PDF…</source>
        <translation>将说明另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the manual as PDF</source>
        <translation>将说明另存为 PDF</translation>
    </message>
</context>
<context>
    <name>IntakeWizard</name>
    <message>
        <source>Back (Alt+←)</source>
        <translation>上一步（Alt+←）</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>下一步（回车）</translation>
    </message>
    <message>
        <source>Save draft (Ctrl+S)</source>
        <translation>保存草稿（Ctrl+S）</translation>
    </message>
    <message>
        <source>Withdraw this draft</source>
        <translation>撤回此草稿</translation>
    </message>
    <message>
        <source>not numbered yet</source>
        <translation>尚未编号</translation>
    </message>
    <message>
        <source>New case {0}</source>
        <translation>新案件 {0}</translation>
    </message>
    <message>
        <source>new applicant</source>
        <translation>新申请人</translation>
    </message>
    <message>
        <source>Case {0} opened as a draft.</source>
        <translation>已立案 {0}（草稿）。</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>草稿已保存。</translation>
    </message>
    <message>
        <source>recommending approval</source>
        <translation>建议批准</translation>
    </message>
    <message>
        <source>recommending refusal</source>
        <translation>建议不予批准</translation>
    </message>
    <message>
        <source>without a recommendation</source>
        <translation>未提出建议</translation>
    </message>
    <message>
        <source>The application is accepted (受理): an acceptance receipt is issued, the time limit starts, and the case goes to a supervisor. It is recorded in the audit trail.</source>
        <translation>申请将被受理：出具受理回执，办理期限开始计算，案件转交审批人。记入审计记录。</translation>
    </message>
    <message>
        <source>The plan says: {0}.</source>
        <translation>方案判断：{0}。</translation>
    </message>
    <message>
        <source>Submit case {0} for approval, {1}?</source>
        <translation>提交案件 {0} 审批（{1}）？</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Case {0} sent for approval.</source>
        <translation>案件 {0} 已送审批。</translation>
    </message>
    <message>
        <source>The notice is numbered and recorded in the audit trail; the case waits for the applicant and its time limit pauses. Missing or not matching: {0}.</source>
        <translation>通知书将编号并记入审计记录；案件等待申请人补正，办理期限暂停计算。缺少或不符的材料：{0} 份。</translation>
    </message>
    <message>
        <source>Not checked yet: {0}.</source>
        <translation>尚未核验：{0} 份。</translation>
    </message>
    <message>
        <source>Issue a notice of missing documents (补正材料通知书) for case {0}?</source>
        <translation>为案件 {0} 出具补正材料通知书？</translation>
    </message>
    <message>
        <source>Issue the notice</source>
        <translation>出具通知书</translation>
    </message>
    <message>
        <source>Case {0} waits for the missing documents.</source>
        <translation>案件 {0} 等待补正材料。</translation>
    </message>
    <message>
        <source>Withdraw draft {0}?</source>
        <translation>撤回草稿 {0}？</translation>
    </message>
    <message>
        <source>It stays on file as withdrawn, recorded in the audit trail, and cannot be taken up again.</source>
        <translation>案件将以“已撤回”状态保留并记入审计记录，不能再继续办理。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Draft {0} withdrawn.</source>
        <translation>草稿 {0} 已撤回。</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Quit (your work is kept)</source>
        <translation>退出（已填内容会保留）</translation>
    </message>
    <message>
        <source>The desk is locked. {0}, enter your password to continue.</source>
        <translation>已锁屏。{0}，请输入密码继续。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in — hukou-desk</source>
        <translation>登录 — 户籍窗口</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Jiangmen household registration counter</source>
        <translation>江门市户籍业务窗口</translation>
    </message>
    <message>
        <source>Opening the case file…</source>
        <translation>正在打开案件数据库……</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>hukou-desk — Jiangmen household registration counter</source>
        <translation>户籍窗口系统 — 江门市户籍受理</translation>
    </message>
    <message>
        <source>[TRAINING] </source>
        <translation>【培训模式】</translation>
    </message>
    <message>
        <source>TRAINING FILE: demo data, never exported; its slips are marked</source>
        <translation>培训文件：演示数据，不会导出，打印件均标“培训样本”</translation>
    </message>
    <message>
        <source>Pathway finder</source>
        <translation>途径查找</translation>
    </message>
    <message>
        <source>Policy browser</source>
        <translation>政策浏览</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. Your work is kept; try again, and if it happens again tell the station administrator.</source>
        <translation>很抱歉，程序出现了意外错误。已录入的内容不会丢失；请重试，如再次出现请告知本所系统管理员。</translation>
    </message>
    <message>
        <source>This PC could not do it: {0}.</source>
        <translation>本机无法完成此操作：{0}。</translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
</context>
<context>
    <name>NewPcDialog</name>
    <message>
        <source>This PC has no case file</source>
        <translation>本机没有案件数据库</translation>
    </message>
    <message>
        <source>There is no case file on this PC yet. Set up a new station; or, if this PC replaces one that broke or was lost, restore the station from a backup with the recovery secret kept in the station&apos;s safe; or practise on the training file.</source>
        <translation>本机还没有案件数据库。可以设置一个新的派出所；如果本机是替换损坏或丢失的电脑，请用所里保险柜中的恢复密钥从备份恢复本所；也可以打开培训文件练习。</translation>
    </message>
    <message>
        <source>Set up a new station</source>
        <translation>设置新的派出所</translation>
    </message>
    <message>
        <source>Restore the station from a backup…</source>
        <translation>从备份恢复本所…</translation>
    </message>
    <message>
        <source>Open the training file</source>
        <translation>打开培训文件</translation>
    </message>
</context>
<context>
    <name>OfficialAct</name>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OutcomeStep</name>
    <message>
        <source>Outcome</source>
        <translation>审查结果</translation>
    </message>
    <message>
        <source>Missing or not matching</source>
        <translation>缺少或不符的材料</translation>
    </message>
    <message>
        <source>Recommend approval</source>
        <translation>建议批准</translation>
    </message>
    <message>
        <source>Recommend refusal</source>
        <translation>建议不予批准</translation>
    </message>
    <message>
        <source>Your note for the supervisor (required)</source>
        <translation>给审批人的意见（必填）</translation>
    </message>
    <message>
        <source>Submit for approval (Ctrl+Enter)</source>
        <translation>提交审批（Ctrl+回车）</translation>
    </message>
    <message>
        <source>Documents complete and checked; the conditions are met.</source>
        <translation>材料齐全，符合条件。</translation>
    </message>
    <message>
        <source>Ask for the missing documents</source>
        <translation>通知补正材料</translation>
    </message>
    <message>
        <source>Choose a pathway first.</source>
        <translation>请先选择迁入途径。</translation>
    </message>
</context>
<context>
    <name>OutcomeTree</name>
    <message>
        <source>Pathway and reasons</source>
        <translation>途径及理由</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>{0} pathways judged; {1} eligible.</source>
        <translation>已判断 {0} 条途径，{1} 条符合。</translation>
    </message>
    <message>
        <source>applies</source>
        <translation>适用</translation>
    </message>
    <message>
        <source>one fact to change: {0}</source>
        <translation>改一项即可：{0}</translation>
    </message>
    <message>
        <source>to bring</source>
        <translation>须补交</translation>
    </message>
    <message>
        <source>Along</source>
        <translation>随迁</translation>
    </message>
    <message>
        <source>may come</source>
        <translation>可随迁</translation>
    </message>
    <message>
        <source>may not come</source>
        <translation>不可随迁</translation>
    </message>
    <message>
        <source>to check</source>
        <translation>待核实</translation>
    </message>
</context>
<context>
    <name>PartiesStep</name>
    <message>
        <source>People</source>
        <translation>相关人员</translation>
    </message>
    <message>
        <source>No relative entered.</source>
        <translation>未填写随迁亲属。</translation>
    </message>
    <message>
        <source>Who may come along</source>
        <translation>可否随迁</translation>
    </message>
    <message>
        <source>What the route asks</source>
        <translation>本途径的条件</translation>
    </message>
    <message>
        <source>Sponsor (被投靠人)</source>
        <translation>被投靠人</translation>
    </message>
    <message>
        <source>Property owner</source>
        <translation>房屋产权人</translation>
    </message>
    <message>
        <source>Householder (户主)</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>identity number</source>
        <translation>身份号码</translation>
    </message>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Read card</source>
        <translation>读卡</translation>
    </message>
    <message>
        <source>F2 in this line</source>
        <translation>在本行按 F2</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Applicant&apos;s relation to the householder</source>
        <translation>申请人与户主关系</translation>
    </message>
    <message>
        <source>Leave a line empty when nobody has that role in this case.</source>
        <translation>本案无相应人员时，该行留空即可。</translation>
    </message>
    <message>
        <source>Add a relative from the card (Shift+F2)</source>
        <translation>读卡添加随迁人员（Shift+F2）</translation>
    </message>
    <message>
        <source>Relatives who wish to come along (随迁)</source>
        <translation>随迁亲属</translation>
    </message>
    <message>
        <source>This card&apos;s number cannot stand in a household register: {0}</source>
        <translation>此证件号码不能用于户口登记：{0}</translation>
    </message>
    <message>
        <source>Choose a pathway to judge who may come along.</source>
        <translation>请选择途径后再判断随迁人员。</translation>
    </message>
    <message>
        <source>may come</source>
        <translation>可随迁</translation>
    </message>
    <message>
        <source>may not come</source>
        <translation>不可随迁</translation>
    </message>
    <message>
        <source>to check</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>a person</source>
        <translation>某人</translation>
    </message>
    <message>
        <source>Enter the name for the identity number {0}.</source>
        <translation>请填写身份号码 {0} 对应的姓名。</translation>
    </message>
    <message>
        <source>Choose how {0} is related to the applicant.</source>
        <translation>请选择 {0} 与申请人的关系。</translation>
    </message>
    <message>
        <source>Choose how the applicant stands to the householder {0}.</source>
        <translation>请选择申请人与户主 {0} 的关系。</translation>
    </message>
</context>
<context>
    <name>PathwayFinder</name>
    <message>
        <source>Check the field {0}: {1}</source>
        <translation>请检查字段 {0}：{1}</translation>
    </message>
    <message>
        <source>Double-click a pathway to read it.</source>
        <translation>双击途径可查看条文。</translation>
    </message>
</context>
<context>
    <name>PathwayStep</name>
    <message>
        <source>Pathway</source>
        <translation>迁入途径</translation>
    </message>
    <message>
        <source>Find a pathway by name</source>
        <translation>按名称查找途径</translation>
    </message>
    <message>
        <source>Ask it now (Alt+Q)</source>
        <translation>现在询问（Alt+Q）</translation>
    </message>
    <message>
        <source>Choose the pathway the applicant applies under.</source>
        <translation>请选择申请人申请的迁入途径。</translation>
    </message>
    <message>
        <source>To settle the leading route, ask first: {0} [{1}]</source>
        <translation>要确定排在首位的途径，请先问清：{0}［{1}］</translation>
    </message>
    <message>
        <source>Chosen: {0} [{1}]</source>
        <translation>已选择：{0} [{1}]</translation>
    </message>
    <message>
        <source>Choose a pathway.</source>
        <translation>请选择迁入途径。</translation>
    </message>
</context>
<context>
    <name>PersonCorrection</name>
    <message>
        <source>Correct a person&apos;s details</source>
        <translation>更正人员信息</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Current address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <source>Hukou address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <source>Hukou registration office</source>
        <translation>户口登记机关（迁出地）</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Reason (recorded)</source>
        <translation>更正理由（记录在案）</translation>
    </message>
    <message>
        <source>The correction is recorded with the old and new values. It reaches this person&apos;s cases still being prepared or waiting for a decision, with no paper issued; a decided, refused, withdrawn or closed case, or one with an issued paper, keeps the details it was decided or printed on.</source>
        <translation>更正将连同原值和新值一并记录。更正只适用于此人尚在办理或待审批、且未出具文书的案件；已批准、不予批准、已撤回或已结案的案件，以及已出具文书的案件，保持审批或出具文书时的信息。</translation>
    </message>
    <message>
        <source>Record the correction</source>
        <translation>记录更正</translation>
    </message>
</context>
<context>
    <name>PolicyBrowser</name>
    <message>
        <source>Filter by title, clause or document…</source>
        <translation>按名称、条款或材料筛选…</translation>
    </message>
    <message>
        <source>Pathway</source>
        <translation>迁入途径</translation>
    </message>
    <message>
        <source>Duty to move</source>
        <translation>须迁移（义务）</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>保护性规定</translation>
    </message>
    <message>
        <source>Abolished</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Applies to every application</source>
        <translation>适用于每一宗申请</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>条款</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>负责部门</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>施行期</translation>
    </message>
    <message>
        <source>Abolished by clause</source>
        <translation>已被取消，依据条款</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Documents and checks</source>
        <translation>须提交材料及核查要点</translation>
    </message>
    <message>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <source>Who may come along</source>
        <translation>可随迁人员</translation>
    </message>
    <message>
        <source>Nobody: this clause names no accompanying relatives.</source>
        <translation>无：本条款未规定随迁人员。</translation>
    </message>
    <message>
        <source>Dated thresholds</source>
        <translation>政策参数（按日期）</translation>
    </message>
    <message>
        <source>See also</source>
        <translation>另见</translation>
    </message>
    <message>
        <source>open</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>any one of</source>
        <translation>满足其一</translation>
    </message>
    <message>
        <source>all of</source>
        <translation>同时满足</translation>
    </message>
</context>
<context>
    <name>PrintChooser</name>
    <message>
        <source>Print for case {0}</source>
        <translation>打印案件 {0} 的文书</translation>
    </message>
    <message>
        <source>Acceptance receipt (受理回执)</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Notice of missing documents (补正材料通知书)</source>
        <translation>补正材料通知书</translation>
    </message>
    <message>
        <source>Application form (户口迁移申请表)</source>
        <translation>户口迁移申请表</translation>
    </message>
    <message>
        <source>Approval slip (准予迁入证明)</source>
        <translation>准予迁入证明</translation>
    </message>
    <message>
        <source>Refusal notice (不予批准告知书)</source>
        <translation>不予批准告知书</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Slip to print</source>
        <translation>要打印的文书</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <source>Receive a case from another counter</source>
        <translation>接收另一柜台移交的案件</translation>
    </message>
    <message>
        <source>Choose the file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Hand-over code</source>
        <translation>移交码</translation>
    </message>
    <message>
        <source>Open a hand-over file</source>
        <translation>打开移交文件</translation>
    </message>
    <message>
        <source>Hand-over files ({0})</source>
        <translation>移交文件（{0}）</translation>
    </message>
    <message>
        <source>Choose the hand-over file first.</source>
        <translation>请先选择移交文件。</translation>
    </message>
    <message>
        <source>Case {0} received from counter {1}; it is this counter&apos;s now.</source>
        <translation>已接收柜台 {1} 移交的案件 {0}，现由本柜台办理。</translation>
    </message>
</context>
<context>
    <name>RecoverySecretDialog</name>
    <message>
        <source>The case file&apos;s recovery secret</source>
        <translation>案件数据库恢复密钥</translation>
    </message>
    <message>
        <source>The case file is now encrypted: it opens only with a staff member&apos;s password. If every password is lost, only this recovery secret opens it. Print it or write it down now, and keep it in the station&apos;s safe. It is shown only once.</source>
        <translation>案件数据库现已加密：只有本所人员的密码才能打开。如果所有密码都遗失，只有这份恢复密钥能打开它。请现在打印或抄写下来，存放在所里的保险柜中。它只显示这一次。</translation>
    </message>
    <message>
        <source>These staff cannot sign in until you set a new password for them (Administration → Staff → Reset password): {0}</source>
        <translation>以下人员需要您为其设置新密码后才能登录（系统管理 → 人员 → 重置密码）：{0}</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>I have kept it safely</source>
        <translation>我已妥善保管</translation>
    </message>
    <message>
        <source>No printer is set up on this PC: write the secret down instead.</source>
        <translation>本机没有可用的打印机：请把恢复密钥抄写下来。</translation>
    </message>
    <message>
        <source>hukou-desk: the case file&apos;s recovery secret</source>
        <translation>户籍窗口系统：案件数据库恢复密钥</translation>
    </message>
    <message>
        <source>Keep this sheet in the station&apos;s safe. Anyone holding it and the PC can open the case file.</source>
        <translation>请将本页存放在所里的保险柜中。任何人同时持有本页和这台电脑，都能打开案件数据库。</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已送往打印机。</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>Station registration</source>
        <translation>本所登记信息</translation>
    </message>
    <message>
        <source>The centre accepts this station&apos;s papers and exports once it has registered this key. Save the signed file to a stick and take it to the centre.</source>
        <translation>中心登记此密钥后，才接受本所的文书和导出数据。请将签名的登记文件存入U盘，交到中心。</translation>
    </message>
    <message>
        <source>Station: {0} {1}</source>
        <translation>派出所：{0} {1}</translation>
    </message>
    <message>
        <source>Signing key: {0}</source>
        <translation>签名公钥：{0}</translation>
    </message>
    <message>
        <source>Replaces the key: {0}</source>
        <translation>替换的旧公钥：{0}</translation>
    </message>
    <message>
        <source>Save the registration file…</source>
        <translation>保存登记文件…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the registration file</source>
        <translation>保存登记文件</translation>
    </message>
    <message>
        <source>Registration files (*.json)</source>
        <translation>登记文件 (*.json)</translation>
    </message>
    <message>
        <source>Saved to {0}.</source>
        <translation>已保存到 {0}。</translation>
    </message>
</context>
<context>
    <name>RelativesTable</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Identity number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <source>Lives with applicant</source>
        <translation>共同居住</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <source>Add relative</source>
        <translation>添加亲属</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore the station from a backup</source>
        <translation>从备份恢复本所</translation>
    </message>
    <message>
        <source>Choose the backup file (its .keyring file must be beside it) and type the recovery secret from the station&apos;s safe. Then choose a new password for the administrator; the other staff get theirs from you and choose their own at their next sign-in.</source>
        <translation>请选择备份文件（其同名 .keyring 文件须在旁边），并输入所里保险柜中的恢复密钥。然后为管理员设置新密码；其他人员由您重设密码，并在下次登录时自设新密码。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>Recovery secret</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Administrator&apos;s user name</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>The backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>Backups (*.db)</source>
        <translation>备份 (*.db)</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Choose the backup file.</source>
        <translation>请选择备份文件。</translation>
    </message>
    <message>
        <source>The station is restored under a new key. Sign in as {0} with the new password.</source>
        <translation>本所已恢复，并换用了新密钥。请以 {0} 的身份用新密码登录。</translation>
    </message>
    <message>
        <source>Set a new password for each of these staff (Administration → Staff); each chooses their own at the next sign-in: {0}</source>
        <translation>请为以下人员逐一设置新密码（系统管理 → 人员），他们下次登录时自设新密码：{0}</translation>
    </message>
    <message>
        <source>The station has a new signing key, which replaces the old one: save its registration (Administration → Station registration) and take it to the centre.</source>
        <translation>本所已有新的签名密钥，替换了旧密钥：请保存登记文件（系统管理 → 本所登记信息）并交到中心。</translation>
    </message>
</context>
<context>
    <name>ReturnForDocuments</name>
    <message>
        <source>Return case {0} for documents</source>
        <translation>退回案件 {0} 补正材料</translation>
    </message>
    <message>
        <source>Which documents must the applicant bring?</source>
        <translation>申请人需要补正哪些材料？</translation>
    </message>
    <message>
        <source>What is wrong with them (printed on the notice):</source>
        <translation>材料存在的问题（印在通知书上）：</translation>
    </message>
</context>
<context>
    <name>ScanViewer</name>
    <message>
        <source>{0} page(s)</source>
        <translation>共 {0} 页</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小（Ctrl+-）</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>放大（Ctrl++）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SimulatedCamera</name>
    <message>
        <source>Simulated camera</source>
        <translation>模拟高拍仪</translation>
    </message>
</context>
<context>
    <name>SituationForm</name>
    <message>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Work, insurance and study</source>
        <translation>就业、社保与学业</translation>
    </message>
    <message>
        <source>Sponsor (被投靠人) or home owner</source>
        <translation>被投靠人或房屋产权人</translation>
    </message>
    <message>
        <source>Relatives who wish to come along (随迁)</source>
        <translation>随迁亲属</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Application date</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Route asked for</source>
        <translation>申请的入户方式</translation>
    </message>
    <message>
        <source>Destination district</source>
        <translation>拟迁入区（市）</translation>
    </message>
    <message>
        <source>Destination address (street, number, 居委会/村委会)</source>
        <translation>迁入地详细地址（街路巷门牌、所属居委会/村委会）</translation>
    </message>
    <message>
        <source>Into a rural village</source>
        <translation>迁入农村</translation>
    </message>
    <message>
        <source>Lives in that village</source>
        <translation>实际居住在该村</translation>
    </message>
    <message>
        <source>Into the spouse&apos;s parents&apos; household</source>
        <translation>迁入配偶父母处</translation>
    </message>
    <message>
        <source>Household asked for (二（五）2)</source>
        <translation>申请挂靠的户（二（五）2）</translation>
    </message>
    <message>
        <source>a relative&apos;s or friend&apos;s household</source>
        <translation>亲友家庭户</translation>
    </message>
    <message>
        <source>the employer&apos;s collective household</source>
        <translation>工作单位集体户</translation>
    </message>
    <message>
        <source>the community collective household of the hukou place</source>
        <translation>户籍所在地社区集体户</translation>
    </message>
    <message>
        <source>Owner of that home consents</source>
        <translation>该住房产权人同意</translation>
    </message>
    <message>
        <source>Householder of that household consents</source>
        <translation>该户户主同意</translation>
    </message>
    <message>
        <source>owned home</source>
        <translation>自有产权住房</translation>
    </message>
    <message>
        <source>self-built home</source>
        <translation>自建房</translation>
    </message>
    <message>
        <source>public rental</source>
        <translation>政府公租房</translation>
    </message>
    <message>
        <source>private rental</source>
        <translation>个人出租屋</translation>
    </message>
    <message>
        <source>employer housing</source>
        <translation>单位住房</translation>
    </message>
    <message>
        <source>relative&apos;s home</source>
        <translation>亲友住房</translation>
    </message>
    <message>
        <source>collective household</source>
        <translation>集体户</translation>
    </message>
    <message>
        <source>Residence</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Residence district</source>
        <translation>住所所在区（市）</translation>
    </message>
    <message>
        <source>Tenancy registered</source>
        <translation>租赁已登记备案</translation>
    </message>
    <message>
        <source>Owner consents</source>
        <translation>产权人同意</translation>
    </message>
    <message>
        <source>Householder consents</source>
        <translation>户主同意</translation>
    </message>
    <message>
        <source>transfer of ownership</source>
        <translation>房屋所有权转移</translation>
    </message>
    <message>
        <source>unit closed</source>
        <translation>原集体户单位倒闭</translation>
    </message>
    <message>
        <source>demolition</source>
        <translation>旧城改造拆迁</translation>
    </message>
    <message>
        <source>another reason of the kind (write it down)</source>
        <translation>其他同类原因（请写明）</translation>
    </message>
    <message>
        <source>no home was lost (a move by choice)</source>
        <translation>未失去住所（自愿迁移）</translation>
    </message>
    <message>
        <source>bought</source>
        <translation>购买</translation>
    </message>
    <message>
        <source>self-built</source>
        <translation>自建</translation>
    </message>
    <message>
        <source>inherited</source>
        <translation>继承</translation>
    </message>
    <message>
        <source>gifted</source>
        <translation>受赠</translation>
    </message>
    <message>
        <source>Identity number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Hukou registered in</source>
        <translation>户口登记地</translation>
    </message>
    <message>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <source>Divorced before</source>
        <translation>曾离婚</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>在校学生</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <source>Professional title</source>
        <translation>专业技术职称</translation>
    </message>
    <message>
        <source>Vocational qualification</source>
        <translation>职业资格</translation>
    </message>
    <message>
        <source>Certified high-level talent</source>
        <translation>经认定的高层次人才</translation>
    </message>
    <message>
        <source>Homes owned in the city</source>
        <translation>本市自有产权住房套数</translation>
    </message>
    <message>
        <source>How the home was acquired</source>
        <translation>住房取得方式</translation>
    </message>
    <message>
        <source>District of the own home</source>
        <translation>自有住房所在区（市）</translation>
    </message>
    <message>
        <source>Lost the home through</source>
        <translation>失去住所原因</translation>
    </message>
    <message>
        <source>The reason, in words</source>
        <translation>原因说明</translation>
    </message>
    <message>
        <source>A relative&apos;s household can take them in</source>
        <translation>有亲友家庭户可挂靠</translation>
    </message>
    <message>
        <source>college</source>
        <translation>大专院校</translation>
    </message>
    <message>
        <source>secondary vocational</source>
        <translation>中等专业学校</translation>
    </message>
    <message>
        <source>from Jiangmen</source>
        <translation>原籍本市</translation>
    </message>
    <message>
        <source>rural, elsewhere</source>
        <translation>农村籍</translation>
    </message>
    <message>
        <source>from elsewhere</source>
        <translation>原籍非本市</translation>
    </message>
    <message>
        <source>restore hukou</source>
        <translation>复户</translation>
    </message>
    <message>
        <source>back to origin</source>
        <translation>迁回原籍</translation>
    </message>
    <message>
        <source>place of work</source>
        <translation>就（创）业地</translation>
    </message>
    <message>
        <source>employer&apos;s collective household</source>
        <translation>单位集体户</translation>
    </message>
    <message>
        <source>talent exchange centre</source>
        <translation>人才交流中心</translation>
    </message>
    <message>
        <source>civil servant</source>
        <translation>公务员</translation>
    </message>
    <message>
        <source>government employee (政府雇员)</source>
        <translation>政府雇员</translation>
    </message>
    <message>
        <source>public-institution staff</source>
        <translation>事业单位职员</translation>
    </message>
    <message>
        <source>state-owned enterprise</source>
        <translation>国有企业</translation>
    </message>
    <message>
        <source>other enterprise</source>
        <translation>其他企业（非国有）</translation>
    </message>
    <message>
        <source>Graduation date</source>
        <translation>毕业日期</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Employer district</source>
        <translation>工作单位所在区（市）</translation>
    </message>
    <message>
        <source>Months employed</source>
        <translation>就业月数</translation>
    </message>
    <message>
        <source>Transfer approved by HR</source>
        <translation>经组织、人社部门批准调入</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位类别</translation>
    </message>
    <message>
        <source>Self-recruited by a unit with delegated personnel powers</source>
        <translation>下放人事管理权的单位自主招聘</translation>
    </message>
    <message>
        <source>Established post</source>
        <translation>在编</translation>
    </message>
    <message>
        <source>Employer has a collective household</source>
        <translation>单位有集体户</translation>
    </message>
    <message>
        <source>Months of social insurance</source>
        <translation>社保缴费月数</translation>
    </message>
    <message>
        <source>Graduated from</source>
        <translation>毕业院校类别</translation>
    </message>
    <message>
        <source>Graduate&apos;s origin</source>
        <translation>毕业生生源</translation>
    </message>
    <message>
        <source>Graduate&apos;s destination</source>
        <translation>毕业生落户去向</translation>
    </message>
    <message>
        <source>serviceman</source>
        <translation>军人</translation>
    </message>
    <message>
        <source>HK/Macao/Taiwan compatriot</source>
        <translation>港澳台同胞</translation>
    </message>
    <message>
        <source>overseas Chinese</source>
        <translation>华侨</translation>
    </message>
    <message>
        <source>none of these</source>
        <translation>均不是</translation>
    </message>
    <message>
        <source>Relationship to applicant</source>
        <translation>与申请人关系</translation>
    </message>
    <message>
        <source>no sponsor</source>
        <translation>无被投靠人</translation>
    </message>
    <message>
        <source>How the homes were acquired</source>
        <translation>住房取得方式</translation>
    </message>
    <message>
        <source>Lends a home to the applicant</source>
        <translation>借房给申请人居住</translation>
    </message>
    <message>
        <source>Special status</source>
        <translation>特殊身份</translation>
    </message>
    <message>
        <source>Lives with the applicant</source>
        <translation>与申请人共同居住生活</translation>
    </message>
    <message>
        <source>Married children already joined</source>
        <translation>已投靠的已婚子女数</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>SituationStep</name>
    <message>
        <source>Situation</source>
        <translation>基本情况</translation>
    </message>
    <message>
        <source>Answer what the applicant can tell; more questions appear as they become relevant. Leave &apos;not known&apos; where the answer is not known yet.</source>
        <translation>按申请人所述填写；相关问题会随回答逐步出现。尚不清楚的保留“未知”。</translation>
    </message>
    <message>
        <source>F6 goes to the next group of questions (Shift+F6 back); F2 among the sponsor&apos;s questions reads the sponsor&apos;s card.</source>
        <translation>F6 跳到下一组问题（Shift+F6 返回）；在被投靠人的问题中按 F2 读取被投靠人的身份证。</translation>
    </message>
    <message>
        <source>Offered: the destination district</source>
        <translation>按迁入地所在区建议填入</translation>
    </message>
    <message>
        <source>The sponsor:</source>
        <translation>被投靠人：</translation>
    </message>
    <message>
        <source>This card&apos;s number cannot stand in a household register: {0}</source>
        <translation>此证件号码不能用于户口登记：{0}</translation>
    </message>
    <message>
        <source>The applicant&apos;s current address: {0} (edit it in step 1, Alt+←)</source>
        <translation>申请人现住址：{0}（在第 1 步修改，Alt+←）</translation>
    </message>
    <message>
        <source>Lives at the sponsor&apos;s address: {0} (Alt+A)</source>
        <translation>住被投靠人地址：{0}（Alt+A）</translation>
    </message>
    <message>
        <source>Back to the address before: {0} (Alt+A)</source>
        <translation>改回原住址：{0}（Alt+A）</translation>
    </message>
    <message>
        <source>The sponsor&apos;s card address, taken in step 2</source>
        <translation>被投靠人身份证地址，在第 2 步选用</translation>
    </message>
    <message>
        <source>“{0}” is not a district: type part of its name, or its six-digit code.</source>
        <translation>“{0}”不是县区：请输入县区名称中的几个字，或其六位代码。</translation>
    </message>
    <message>
        <source>Check the field {0}: {1}</source>
        <translation>请检查字段 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>SlipBatch</name>
    <message>
        <source>{0} approval slip(s) could not be printed:
{1}</source>
        <translation>以下 {0} 份准予迁入证明未能打印：
{1}</translation>
    </message>
    <message>
        <source>No case was approved today: no approval slip to print.</source>
        <translation>今日没有批准的案件，无需打印准予迁入证明。</translation>
    </message>
    <message>
        <source>{0} approval slips saved in {1}. Saved PDFs are not encrypted: they hold the applicants&apos; personal data — keep them only as long as needed.</source>
        <translation>已将 {0} 份准予迁入证明保存在 {1}。另存的 PDF 文件没有加密，含有申请人的个人信息，请只在需要时保留。</translation>
    </message>
    <message>
        <source>{0} approval slips sent to the printer.</source>
        <translation>已将 {0} 份准予迁入证明送往打印机。</translation>
    </message>
</context>
<context>
    <name>SlipPreview</name>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reprint: marked 补打, with the original issue date.</source>
        <translation>补打件：标注“补打”及原出具日期。</translation>
    </message>
    <message>
        <source>{0} page(s). The number is given when it is printed or saved.</source>
        <translation>共 {0} 页。编号于打印或保存时生成。</translation>
    </message>
    <message>
        <source>{0} page(s).</source>
        <translation>共 {0} 页。</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已送往打印机。</translation>
    </message>
    <message>
        <source>Save the slip as PDF</source>
        <translation>将文书另存为 PDF</translation>
    </message>
    <message>
        <source>Saved as {0}. The saved PDF is not encrypted: it holds the applicant&apos;s personal data — keep it only as long as needed.</source>
        <translation>已保存为 {0}。另存的 PDF 文件没有加密，含有申请人的个人信息，请只在需要时保留。</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Sync with the city centre</source>
        <translation>与市局中心同步</translation>
    </message>
    <message>
        <source>Last export:</source>
        <translation>最近一次导出：</translation>
    </message>
    <message>
        <source>Changed since, not yet sent:</source>
        <translation>此后有变动、尚未报送：</translation>
    </message>
    <message>
        <source>Centre&apos;s last acknowledgement:</source>
        <translation>中心最近一次回执：</translation>
    </message>
    <message>
        <source>Not yet confirmed by the centre:</source>
        <translation>中心尚未确认收到：</translation>
    </message>
    <message>
        <source>Held for review at the centre:</source>
        <translation>中心待核对的案件：</translation>
    </message>
    <message>
        <source>Refused by the centre:</source>
        <translation>中心拒收：</translation>
    </message>
    <message>
        <source>Export for the centre…</source>
        <translation>导出至中心…</translation>
    </message>
    <message>
        <source>Install the centre&apos;s acknowledgement…</source>
        <translation>安装中心回执…</translation>
    </message>
    <message>
        <source>Install the centre&apos;s reference data…</source>
        <translation>安装中心参考数据…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>A supervisor or the administrator installs the centre&apos;s files.</source>
        <translation>中心的文件由主管或系统管理员安装。</translation>
    </message>
    <message>
        <source>The administrator installs the centre&apos;s reference data.</source>
        <translation>中心参考数据由系统管理员安装。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未导出</translation>
    </message>
    <message>
        <source>{0}, {1} cases</source>
        <translation>{0}，{1} 件</translation>
    </message>
    <message>
        <source>, to {0}</source>
        <translation>，文件 {0}</translation>
    </message>
    <message>
        <source>{0} cases</source>
        <translation>{0} 件</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚未收到</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>The centre has never confirmed this station&apos;s changes; the oldest has waited {0} days (it asks every {1} days): export, send the file to the centre and install its acknowledgement.</source>
        <translation>中心从未确认收到本所的数据，最早的变更已等待 {0} 天（中心要求每 {1} 天报送一次）：请导出，将文件送交中心，并安装中心回执。</translation>
    </message>
    <message>
        <source>The centre has confirmed nothing for {0} days (it asks every {1} days): export, send the file to the centre and install its acknowledgement.</source>
        <translation>中心已 {0} 天未确认收到本所数据（中心要求每 {1} 天报送一次）：请导出，将文件送交中心，并安装中心回执。</translation>
    </message>
    <message>
        <source>The centre&apos;s acknowledgement</source>
        <translation>中心回执</translation>
    </message>
    <message>
        <source>Acknowledgements (*.ack);;All files (*)</source>
        <translation>中心回执 (*.ack);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The centre&apos;s word is installed: it holds this station&apos;s changes up to {0}.</source>
        <translation>已安装中心回执：中心已收到本所第 {0} 号变更为止的数据。</translation>
    </message>
    <message>
        <source>The centre&apos;s reference file</source>
        <translation>中心参考数据文件</translation>
    </message>
    <message>
        <source>Reference files (*.hkr);;All files (*)</source>
        <translation>参考数据文件 (*.hkr);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reference data installed: {0} form files, {1} station keys, {2} new staff. Restart the desk to use the new forms.</source>
        <translation>已安装中心参考数据：表单文件 {0} 个，派出所公钥 {1} 个，新增人员 {2} 名。重新启动本软件后使用新表单。</translation>
    </message>
</context>
<context>
    <name>VerifySlip</name>
    <message>
        <source>Check a slip&apos;s QR code</source>
        <translation>核验文书二维码</translation>
    </message>
    <message>
        <source>Scan the QR code, or paste its text, then Enter</source>
        <translation>扫描二维码，或粘贴其内容，然后按回车</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. Your work is kept; try again, and if it happens again tell the station administrator.</source>
        <translation>很抱歉，程序出现了意外错误。已录入的内容不会丢失；请重试，如再次出现请告知本所系统管理员。</translation>
    </message>
    <message>
        <source>The case file cannot be opened</source>
        <translation>无法打开案件数据库</translation>
    </message>
    <message>
        <source>Restore the latest backup now?</source>
        <translation>现在从最近的备份恢复吗？</translation>
    </message>
    <message>
        <source>The case file&apos;s folder cannot be used ({0}). Ask the station administrator.</source>
        <translation>无法使用案件数据库所在的文件夹（{0}）。请联系本所管理员。</translation>
    </message>
    <message>
        <source>Restore the latest backup</source>
        <translation>从最近的备份恢复</translation>
    </message>
    <message>
        <source>Start a new, empty case file</source>
        <translation>新建空的案件数据库</translation>
    </message>
    <message>
        <source>The case file may be damaged: tell the station administrator today.</source>
        <translation>案件数据库可能已损坏：请于今日告知本所系统管理员。</translation>
    </message>
    <message>
        <source>Today&apos;s backup is taken and checked.</source>
        <translation>今日备份已完成并通过校验。</translation>
    </message>
    <message>
        <source>The policy forms cannot be used</source>
        <translation>政策表单无法使用</translation>
    </message>
    <message>
        <source>The station is restored</source>
        <translation>本所已恢复</translation>
    </message>
    <message>
        <source>Encrypt the case file</source>
        <translation>加密案件数据库</translation>
    </message>
    <message>
        <source>The case file is not encrypted: whoever takes this PC&apos;s disk can read every applicant&apos;s data. Encrypt it now? A backup is taken first; a large file takes a few minutes.</source>
        <translation>案件数据库尚未加密：任何人拿走这台电脑的硬盘都能读取所有申请人的资料。现在加密吗？加密前会先做一次备份；数据较多时需要几分钟。</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>relative %1 coming along</source>
        <translation>随迁人员%1</translation>
    </message>
    <message>
        <source>applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>sponsor</source>
        <translation>被投靠人</translation>
    </message>
    <message>
        <source>relatives coming along</source>
        <translation>随迁亲属</translation>
    </message>
    <message>
        <source>property owner</source>
        <translation>房屋产权人</translation>
    </message>
    <message>
        <source>householder</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>未核验</translation>
    </message>
    <message>
        <source>presented</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核验</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>does not match</source>
        <translation>不符</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未答</translation>
    </message>
</context>
<context>
    <name>vault</name>
    <message>
        <source>Encrypting the case file</source>
        <translation>正在加密案件数据库</translation>
    </message>
    <message>
        <source>Encrypting the case file. Do not switch the PC off; this takes a while.</source>
        <translation>正在加密案件数据库，请勿关闭电脑；这需要一些时间。</translation>
    </message>
</context>
</TS>
