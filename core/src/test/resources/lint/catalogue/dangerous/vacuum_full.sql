-- expect: vacuum-full orders
VACUUM FULL orders;
