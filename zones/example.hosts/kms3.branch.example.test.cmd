@echo off
rem kms-srv: run in an elevated command prompt.
rem KMS host kms3.branch.example.test: run on that host only.
rem publishing is "manual" for this host: DisableDnsPublishing=1 stops it registering _vlmcs._tcp itself; no DnsDomainPublishList is written, as the list only matters while the host publishes.
reg add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v "DisableDnsPublishing" /t REG_DWORD /d 1 /f
if errorlevel 1 exit /b 1
reg add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v "KeyManagementServiceListeningPort" /t REG_SZ /d "1689" /f
if errorlevel 1 exit /b 1
rem Restart the Software Protection service (sppsvc) so it reads the new values.
sc query sppsvc >nul 2>&1
if errorlevel 1 (
  echo kms-srv: no Software Protection service here; it reads the values when it starts.
) else (
  net stop sppsvc >nul 2>&1
  net start sppsvc
  if errorlevel 1 exit /b 1
)
exit /b 0
