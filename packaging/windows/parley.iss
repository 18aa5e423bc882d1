; Inno Setup 6 script: Parley's Windows installer.
; Start-menu entry, optional desktop shortcut, an uninstaller (Settings → Apps), per-user install by
; default (no administrator needed; "install for all users" is offered), upgrades in place.
;
; Build (after `python packaging\build.py`, which makes dist\parley\ and the .ico):
;   iscc /DAppVersion=0.1.0 packaging\windows\parley.iss     → dist\Parley-0.1.0-windows-x64-setup.exe
; Silent install/uninstall (CI smoke test): Parley-…-setup.exe /VERYSILENT /CURRENTUSER,
;   then "{localappdata}\Programs\Parley\unins000.exe" /VERYSILENT.
; The uninstaller removes the program only: chats and settings in %LOCALAPPDATA%\Parley stay.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\parley.iss
#endif
#define Root SourcePath + "..\.."

[Setup]
; AppId identifies Parley to Windows across versions: never change it.
AppId={{6B3E0E42-6C1C-4E0B-9E5E-5B2C7F1D9A31}
AppName=Parley
AppVersion={#AppVersion}
AppVerName=Parley {#AppVersion}
AppPublisher=The Parley developers
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Parley
DefaultGroupName=Parley
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=Parley-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\build\packaging\generated\icons\parley.ico
UninstallDisplayIcon={app}\Parley.exe
UninstallDisplayName=Parley
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade closes a running Parley first (its history is saved as it goes) and restarts it after.
CloseApplications=yes
RestartApplications=yes
ChangesEnvironment=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The PyInstaller one-folder build: Parley.exe (the window), parley-cli.exe (the CLI) and _internal\.
Source: "{#Root}\dist\parley\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale: no stale DLL from an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Parley"; Filename: "{app}\Parley.exe"
Name: "{autodesktop}\Parley"; Filename: "{app}\Parley.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Parley.exe"; Description: "{cm:LaunchProgram,Parley}"; Flags: nowait postinstall skipifsilent
