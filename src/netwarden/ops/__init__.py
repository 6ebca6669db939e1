"""Operations on live devices: drift, apply, backup. Device faults stay with their device."""
