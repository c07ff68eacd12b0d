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
; - the bundle in {autopf}\hukou-desk, a Start-menu shortcut (and a training one);
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
UninstallDisplayIcon={app}\hukou-desk.exe
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\hukou-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{commonappdata}\hukou-desk"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\户籍窗口系统 hukou-desk"; Filename: "{app}\hukou-desk.exe"; Parameters: ""
Name: "{group}\户籍窗口系统（培训）"; Filename: "{app}\hukou-desk.exe"; Parameters: "--training"

[Run]
Filename: "{sys}\net.exe"; Parameters: "localgroup ""hukou-desk users"" /add /comment:""Staff who use hukou-desk on this PC"""; Flags: runhidden; StatusMsg: "Creating the hukou-desk users group..."
Filename: "{sys}\icacls.exe"; Parameters: """{commonappdata}\hukou-desk"" /inheritance:r /grant:r ""*S-1-5-32-544:(OI)(CI)F"" ""*S-1-5-18:(OI)(CI)F"" ""hukou-desk users:(OI)(CI)M"""; Flags: runhidden; StatusMsg: "Restricting the case file's folder..."
Filename: "{app}\hukou-desk.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Checking the installation..."

[Code]
function TomlPath(Param: String): String;
begin
  { TOML basic strings take backslashes escaped }
  Result := Param;
  StringChangeEx(Result, '\', '\\', True);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  { hukou-desk-install.toml names the PC's one data folder to the desk (hukou_desk/paths.py). }
  if CurStep = ssPostInstall then
    SaveStringToFile(ExpandConstant('{app}\hukou-desk-install.toml'),
      'data_dir = "' + TomlPath(ExpandConstant('{commonappdata}\hukou-desk')) + '"' + #13#10,
      False);
end;
