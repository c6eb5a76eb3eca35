REM KMS host records (kms-srv generate dnscmd); "." is the local DNS server.

REM --- example.test ---
dnscmd . /recordadd example.test _vlmcs._tcp 3600 SRV 0 60 1688 kms1.example.test.
dnscmd . /recordadd example.test _vlmcs._tcp 3600 SRV 0 40 1688 kms2.example.test.
dnscmd . /recordadd example.test _vlmcs._tcp 3600 SRV 10 0 1689 kms3.branch.example.test.
dnscmd . /recordadd example.test kms1 3600 A 192.0.2.11
dnscmd . /recordadd example.test kms1 3600 AAAA 2001:db8::11
dnscmd . /recordadd example.test kms2 3600 A 192.0.2.12

REM --- branch.example.test ---
dnscmd . /recordadd branch.example.test _vlmcs._tcp 3600 SRV 0 100 1689 kms3.branch.example.test.
dnscmd . /recordadd branch.example.test _vlmcs._tcp 3600 SRV 10 0 1688 kms1.example.test.
dnscmd . /recordadd branch.example.test kms3 3600 A 198.51.100.13
dnscmd . /recordadd branch.example.test kms3 3600 AAAA 2001:db8:100::13
