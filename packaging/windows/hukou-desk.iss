; Inno Setup script for the station installer (Windows 10/11). Build on Windows, after
; `make package` (or the same PyInstaller command in a Windows Python):
;     iscc packaging\windows\hukou-desk.iss /DVersion=0.1.0
; Result: dist\hukou-desk-setup-<version>.exe
;
; Why Inno Setup: one readable script, a single signed .exe, per-machine installs with a
; silent switch IT staff know (/VERYSILENT /SUPPRESSMSGBOXES /NORESTART), upgrade in place by
; AppId, no Windows Installer database to author (WiX) and no Store packaging or sandboxed file
; system (MSIX, which would hide the machine-wide case file from the other accounts).
;
; What it sets up:
; - the bundle in {autopf}\hukou-desk\versions\<version>, the junction {app}\current pointing at
;   it (what the shortcuts start), installation.json naming the current and the previous
;   release: the same layout the desk's own signed update packages keep (services/updates.py),
;   so an administrator can later install an update from a stick, or roll back one step;
; - a Start-menu shortcut (and a training one);
; - ONE case file for the PC in {commonappdata}\hukou-desk (C:\ProgramData\hukou-desk), shared
;   by every Windows account on it, named to the desk by hukou-desk-install.toml beside the
;   executable; its folder's ACL: Administrators and SYSTEM full, the local group
;   "hukou-desk users" modify, nobody else (IT staff add the clerks' Windows accounts to it);
; - an upgrade installs over the program folder and never touches the data folder (the desk
;   backs the case file up and migrates it at its first start after the upgrade);
; - uninstalling leaves the data folder (a station's records are not deleted by an uninstall).

#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{6B1E5D9A-0F6B-4C5E-9E3A-6E1F2A7C4D10}
AppName=hukou-desk 户籍窗口系统
AppVersion={#Version}
AppPublisher=Jiangmen Public Security Bureau, household registration
DefaultDirName={autopf}\hukou-desk
DefaultGroupName=hukou-desk
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=hukou-desk-setup-{#Version}
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\current\hukou-desk.exe
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\hukou-desk\*"; DestDir: "{app}\versions\{#Version}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{commonappdata}\hukou-desk"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\户籍窗口系统 hukou-desk"; Filename: "{app}\current\hukou-desk.exe"; Parameters: ""
Name: "{group}\户籍窗口系统（培训）"; Filename: "{app}\current\hukou-desk.exe"; Parameters: "--training"

[Run]
Filename: "{sys}\net.exe"; Parameters: "localgroup ""hukou-desk users"" /add /comment:""Staff who use hukou-desk on this PC"""; Flags: runhidden; StatusMsg: "Creating the hukou-desk users group..."
Filename: "{sys}\icacls.exe"; Parameters: """{commonappdata}\hukou-desk"" /inheritance:r /grant:r ""*S-1-5-32-544:(OI)(CI)F"" ""*S-1-5-18:(OI)(CI)F"" ""hukou-desk users:(OI)(CI)M"""; Flags: runhidden; StatusMsg: "Restricting the case file's folder..."
Filename: "{app}\versions\{#Version}\hukou-desk.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Checking the installation..."
Filename: "{cmd}"; Parameters: "/c if exist ""{app}\current"" rmdir ""{app}\current"" & mklink /J ""{app}\current"" ""{app}\versions\{#Version}"""; Flags: runhidden; StatusMsg: "Switching to release {#Version}..."

[UninstallDelete]
Type: dirifempty; Name: "{app}\current"
Type: filesandordirs; Name: "{app}\versions"
Type: files; Name: "{app}\installation.json"

[Code]
function TomlPath(Param: String): String;
begin
  { TOML basic strings take backslashes escaped }
  Result := Param;
  StringChangeEx(Result, '\', '\\', True);
end;

function PreviousRelease(): String;
var
  State: AnsiString;
  At: Integer;
begin
  // installation.json names the current and the previous release (JSON, as the desk writes
  // it); the release in use becomes the previous one, unless it is being installed again.
  Result := 'null';
  if LoadStringFromFile(ExpandConstant('{app}\installation.json'), State) then
  begin
    At := Pos('"current": "', State);
    if At > 0 then
    begin
      State := Copy(State, At + 12, 32);
      State := Copy(State, 1, Pos('"', State) - 1);
      if (State <> '') and (State <> '{#Version}') then
        Result := '"' + State + '"';
    end;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    { hukou-desk-install.toml names the PC's one data folder to the desk (hukou_desk/paths.py),
      at the installation's root, where every release kept under versions\ finds it. }
    SaveStringToFile(ExpandConstant('{app}\hukou-desk-install.toml'),
      'data_dir = "' + TomlPath(ExpandConstant('{commonappdata}\hukou-desk')) + '"' + #13#10,
      False);
    SaveStringToFile(ExpandConstant('{app}\installation.json'),
      '{"current": "{#Version}", "previous": ' + PreviousRelease() + '}', False);
  end;
end;
