<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>hukou-desk — Jiangmen household registration counter</source>
        <translation>户籍窗口系统 — 江门市户籍受理</translation>
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
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
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
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>{0} · in force from {1}</source>
        <translation>{0} · 自 {1} 起施行</translation>
    </message>
    <message>
        <source>Cases on file: {0} · waiting for approval: {1} · near or past the time limit: {2}</source>
        <translation>案件总数：{0} · 待审批：{1} · 临近或超过办理时限：{2}</translation>
    </message>
    <message>
        <source>About hukou-desk</source>
        <translation>关于户籍窗口系统</translation>
    </message>
    <message>
        <source>hukou-desk {0}
Caseworker desktop for Jiangmen's hukou counters.</source>
        <translation>户籍窗口系统 {0}
江门市公安派出所户籍窗口业务系统。</translation>
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
        <source>any one of</source>
        <translation>满足其一</translation>
    </message>
    <message>
        <source>all of</source>
        <translation>同时满足</translation>
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
        <source>Into a rural village</source>
        <translation>迁入农村</translation>
    </message>
    <message>
        <source>Lives in that village</source>
        <translation>实际居住在该村</translation>
    </message>
    <message>
        <source>Into the spouse's parents' household</source>
        <translation>迁入配偶父母处</translation>
    </message>
    <message>
        <source>Community collective household</source>
        <translation>社区集体户</translation>
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
        <source>relative's home</source>
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
        <source>Lost the home through</source>
        <translation>失去住所原因</translation>
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
        <source>employer's collective household</source>
        <translation>单位集体户</translation>
    </message>
    <message>
        <source>talent exchange centre</source>
        <translation>人才交流中心</translation>
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
        <source>Civil servant or public staff</source>
        <translation>公务员或事业单位职员</translation>
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
        <source>Fresh graduate</source>
        <translation>应届毕业生</translation>
    </message>
    <message>
        <source>Graduated from</source>
        <translation>毕业院校类别</translation>
    </message>
    <message>
        <source>Graduate's origin</source>
        <translation>毕业生生源</translation>
    </message>
    <message>
        <source>Graduate's destination</source>
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
        <source>The policy forms cannot be used</source>
        <translation>政策表单无法使用</translation>
    </message>
</context>
</TS>