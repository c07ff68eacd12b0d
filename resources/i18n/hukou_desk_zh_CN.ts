<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="28"/>
        <source>hukou-desk — Jiangmen household registration counter</source>
        <translation>户籍窗口系统 — 江门市户籍受理</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="33"/>
        <location filename="../../hukou_desk/ui/main_window.py" line="39"/>
        <source>Pathway finder</source>
        <translation>途径查找</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="34"/>
        <location filename="../../hukou_desk/ui/main_window.py" line="41"/>
        <source>Policy browser</source>
        <translation>政策浏览</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="38"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="46"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="51"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="61"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="62"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="66"/>
        <source>{0} · in force from {1}</source>
        <translation>{0} · 自 {1} 起施行</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="78"/>
        <source>About hukou-desk</source>
        <translation>关于户籍窗口系统</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/main_window.py" line="79"/>
        <source>hukou-desk {0}
Caseworker desktop for Jiangmen&apos;s hukou counters.</source>
        <translation>户籍窗口系统 {0}
江门市公安派出所户籍窗口业务系统。</translation>
    </message>
</context>
<context>
    <name>PathwayFinder</name>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="110"/>
        <source>Pathway and reasons</source>
        <translation>途径及理由</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="110"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="141"/>
        <location filename="../../hukou_desk/ui/finder.py" line="145"/>
        <location filename="../../hukou_desk/ui/finder.py" line="228"/>
        <location filename="../../hukou_desk/ui/finder.py" line="239"/>
        <location filename="../../hukou_desk/ui/finder.py" line="254"/>
        <location filename="../../hukou_desk/ui/finder.py" line="281"/>
        <location filename="../../hukou_desk/ui/finder.py" line="311"/>
        <location filename="../../hukou_desk/ui/finder.py" line="322"/>
        <location filename="../../hukou_desk/ui/finder.py" line="333"/>
        <location filename="../../hukou_desk/ui/finder.py" line="346"/>
        <location filename="../../hukou_desk/ui/finder.py" line="373"/>
        <location filename="../../hukou_desk/ui/finder.py" line="391"/>
        <location filename="../../hukou_desk/ui/finder.py" line="403"/>
        <location filename="../../hukou_desk/ui/finder.py" line="440"/>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="141"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="141"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="156"/>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="157"/>
        <source>Application date</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="163"/>
        <source>Route asked for</source>
        <translation>申请的入户方式</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="165"/>
        <source>Destination district</source>
        <translation>拟迁入区（市）</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="167"/>
        <source>Where the applicant asks to be registered</source>
        <translation>申请人要求落户的地址</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="169"/>
        <source>Into a rural village</source>
        <translation>迁入农村</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="172"/>
        <source>Lives in that village</source>
        <translation>实际居住在该村</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="176"/>
        <source>Into the spouse&apos;s parents&apos; household</source>
        <translation>迁入配偶父母处</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="182"/>
        <source>Community collective household</source>
        <translation>社区集体户</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="189"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="192"/>
        <location filename="../../hukou_desk/ui/finder.py" line="362"/>
        <source>Identity number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="197"/>
        <location filename="../../hukou_desk/ui/finder.py" line="363"/>
        <source>Hukou registered in</source>
        <translation>户口登记地</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="199"/>
        <location filename="../../hukou_desk/ui/finder.py" line="365"/>
        <location filename="../../hukou_desk/ui/finder.py" line="416"/>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="201"/>
        <source>Divorced before</source>
        <translation>曾离婚</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="202"/>
        <location filename="../../hukou_desk/ui/finder.py" line="367"/>
        <source>Student</source>
        <translation>在校学生</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="204"/>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="207"/>
        <source>Professional title</source>
        <translation>专业技术职称</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="213"/>
        <source>Vocational qualification</source>
        <translation>职业资格</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="219"/>
        <source>Certified high-level talent</source>
        <translation>经认定的高层次人才</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="226"/>
        <location filename="../../hukou_desk/ui/finder.py" line="371"/>
        <source>Homes owned in the city</source>
        <translation>本市自有产权住房套数</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="231"/>
        <source>transfer of ownership</source>
        <translation>房屋所有权转移</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="232"/>
        <source>unit closed</source>
        <translation>原集体户单位倒闭</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="233"/>
        <source>demolition</source>
        <translation>旧城改造拆迁</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="237"/>
        <source>Lost the home through</source>
        <translation>失去住所原因</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="245"/>
        <source>owned home</source>
        <translation>自有产权住房</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="246"/>
        <source>self-built home</source>
        <translation>自建房</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="247"/>
        <source>public rental</source>
        <translation>政府公租房</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="248"/>
        <source>private rental</source>
        <translation>个人出租屋</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="249"/>
        <source>employer housing</source>
        <translation>单位住房</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="250"/>
        <source>relative&apos;s home</source>
        <translation>亲友住房</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="251"/>
        <source>collective household</source>
        <translation>集体户</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="254"/>
        <source>Residence</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="256"/>
        <source>Residence district</source>
        <translation>住所所在区（市）</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="259"/>
        <source>Tenancy registered</source>
        <translation>租赁已登记备案</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="265"/>
        <source>Owner consents</source>
        <translation>产权人同意</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="269"/>
        <source>Householder consents</source>
        <translation>户主同意</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="275"/>
        <source>Work, insurance and study</source>
        <translation>就业、社保与学业</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="276"/>
        <source>Employer district</source>
        <translation>工作单位所在区（市）</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="279"/>
        <source>Months employed</source>
        <translation>就业月数</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="285"/>
        <source>Transfer approved by HR</source>
        <translation>经组织、人社部门批准调入</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="291"/>
        <source>Civil servant or public staff</source>
        <translation>公务员或事业单位职员</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="297"/>
        <source>Established post</source>
        <translation>在编</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="303"/>
        <source>Employer has a collective household</source>
        <translation>单位有集体户</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="309"/>
        <source>Months of social insurance</source>
        <translation>社保缴费月数</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="313"/>
        <source>Fresh graduate</source>
        <translation>应届毕业生</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="315"/>
        <source>college</source>
        <translation>大专院校</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="316"/>
        <source>secondary vocational</source>
        <translation>中等专业学校</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="320"/>
        <source>Graduated from</source>
        <translation>毕业院校类别</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="325"/>
        <source>from Jiangmen</source>
        <translation>原籍本市</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="326"/>
        <source>rural, elsewhere</source>
        <translation>农村籍</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="327"/>
        <source>from elsewhere</source>
        <translation>原籍非本市</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="331"/>
        <source>Graduate&apos;s origin</source>
        <translation>毕业生生源</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="336"/>
        <source>restore hukou</source>
        <translation>复户</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="337"/>
        <source>back to origin</source>
        <translation>迁回原籍</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="338"/>
        <source>place of work</source>
        <translation>就（创）业地</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="339"/>
        <source>employer&apos;s collective household</source>
        <translation>单位集体户</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="340"/>
        <source>talent exchange centre</source>
        <translation>人才交流中心</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="344"/>
        <source>Graduate&apos;s destination</source>
        <translation>毕业生落户去向</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="351"/>
        <source>Sponsor (被投靠人) or home owner</source>
        <translation>被投靠人或房屋产权人</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="358"/>
        <source>Relationship to applicant</source>
        <translation>与申请人关系</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="360"/>
        <source>no sponsor</source>
        <translation>无被投靠人</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="377"/>
        <source>Lends a home to the applicant</source>
        <translation>借房给申请人居住</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="382"/>
        <source>serviceman</source>
        <translation>军人</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="383"/>
        <source>HK/Macao/Taiwan compatriot</source>
        <translation>港澳台同胞</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="384"/>
        <source>overseas Chinese</source>
        <translation>华侨</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="385"/>
        <source>none of these</source>
        <translation>均不是</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="389"/>
        <source>Special status</source>
        <translation>特殊身份</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="395"/>
        <source>Lives with the applicant</source>
        <translation>与申请人共同居住生活</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="401"/>
        <source>Married children already joined</source>
        <translation>已投靠的已婚子女数</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="408"/>
        <source>Relatives who wish to come along (随迁)</source>
        <translation>随迁亲属</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="414"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="415"/>
        <source>Relationship</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="417"/>
        <source>Lives with applicant</source>
        <translation>共同居住</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="423"/>
        <source>Add relative</source>
        <translation>添加亲属</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="426"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="521"/>
        <source>Check the field {0}: {1}</source>
        <translation>请检查字段 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="542"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="542"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="549"/>
        <source>Along</source>
        <translation>随迁</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="553"/>
        <source>{0} pathways judged; {1} eligible. Double-click a pathway to read it.</source>
        <translation>已判断 {0} 个途径，其中 {1} 个符合条件。双击途径可查看政策原文。</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="560"/>
        <source>applies</source>
        <translation>适用</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="582"/>
        <source>to bring</source>
        <translation>须补交</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="593"/>
        <source>may come</source>
        <translation>可随迁</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="594"/>
        <source>may not come</source>
        <translation>不可随迁</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/finder.py" line="595"/>
        <source>to check</source>
        <translation>待核实</translation>
    </message>
</context>
<context>
    <name>PolicyBrowser</name>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="32"/>
        <source>Filter by title, clause or document…</source>
        <translation>按名称、条款或材料筛选…</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="92"/>
        <source>Pathway</source>
        <translation>迁入途径</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="93"/>
        <source>Duty to move</source>
        <translation>须迁移（义务）</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="94"/>
        <source>Protection</source>
        <translation>保护性规定</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="95"/>
        <source>Abolished</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="96"/>
        <source>Applies to every application</source>
        <translation>适用于每一宗申请</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="103"/>
        <source>Clause</source>
        <translation>条款</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="104"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="105"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="106"/>
        <source>Responsible</source>
        <translation>负责部门</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="107"/>
        <source>In force</source>
        <translation>施行期</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="108"/>
        <source>Abolished by clause</source>
        <translation>已被取消，依据条款</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="109"/>
        <source>Criteria</source>
        <translation>条件</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="110"/>
        <source>Documents and checks</source>
        <translation>须提交材料及核查要点</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="111"/>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="112"/>
        <source>Who may come along</source>
        <translation>可随迁人员</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="113"/>
        <source>Nobody: this clause names no accompanying relatives.</source>
        <translation>无：本条款未规定随迁人员。</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="114"/>
        <source>Dated thresholds</source>
        <translation>政策参数（按日期）</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="115"/>
        <source>See also</source>
        <translation>另见</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="117"/>
        <source>open</source>
        <translation>长期</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="145"/>
        <source>applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="146"/>
        <source>sponsor</source>
        <translation>被投靠人</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="147"/>
        <source>relatives coming along</source>
        <translation>随迁亲属</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="191"/>
        <source>any one of</source>
        <translation>满足其一</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/ui/policy_browser.py" line="191"/>
        <source>all of</source>
        <translation>同时满足</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../hukou_desk/app.py" line="41"/>
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/app.py" line="42"/>
        <source>Something went wrong that should not have. Your work is kept; try again, and if it happens again tell the station administrator.</source>
        <translation>很抱歉，程序出现了意外错误。已录入的内容不会丢失；请重试，如再次出现请告知本所系统管理员。</translation>
    </message>
    <message>
        <location filename="../../hukou_desk/app.py" line="91"/>
        <source>The policy forms cannot be used</source>
        <translation>政策表单无法使用</translation>
    </message>
</context>
</TS>
