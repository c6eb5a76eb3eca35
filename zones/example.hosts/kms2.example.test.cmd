@echo off
rem kms-srv: run in an elevated command prompt.
rem KMS host kms2.example.test: run on that host only.
rem DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
reg add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v "DnsDomainPublishList" /t REG_MULTI_SZ /d "example.test, 0, 40" /f
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
