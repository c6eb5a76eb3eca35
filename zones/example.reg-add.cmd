@echo off
rem kms-srv: run in an elevated command prompt.

rem KMS host kms1.example.test: run on that host only.
rem DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
reg add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v "DnsDomainPublishList" /t REG_MULTI_SZ /d "example.test, 0, 60\0branch.example.test, 10, 0" /f
rem Restart the Software Protection service (sppsvc) so it reads the new values.
net stop sppsvc && net start sppsvc

rem KMS host kms2.example.test: run on that host only.
rem DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
reg add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v "DnsDomainPublishList" /t REG_MULTI_SZ /d "example.test, 0, 40" /f
rem Restart the Software Protection service (sppsvc) so it reads the new values.
net stop sppsvc && net start sppsvc

rem KMS host kms3.branch.example.test: run on that host only.
rem DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
reg add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v "DnsDomainPublishList" /t REG_MULTI_SZ /d "branch.example.test, 0, 100\0example.test, 10, 0" /f
reg add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v "KeyManagementServiceListeningPort" /t REG_SZ /d "1689" /f
rem Restart the Software Protection service (sppsvc) so it reads the new values.
net stop sppsvc && net start sppsvc
