# kms-srv: run in an elevated PowerShell session.

# --- KMS host kms1.example.test: run on that host only ---
# DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
if (-not (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform')) { New-Item -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' | Out-Null }
New-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' -Name 'DnsDomainPublishList' -PropertyType MultiString -Value @('example.test, 0, 60', 'branch.example.test, 10, 0') -Force | Out-Null
# Restart the Software Protection service (sppsvc) so it reads the new values.
if (Get-Service -Name sppsvc -ErrorAction SilentlyContinue) { Restart-Service -Name sppsvc } else { Write-Host 'kms-srv: no Software Protection service here; it reads the values when it starts.' }
