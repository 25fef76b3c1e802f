package dev.grantor.spring.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A host application: a shop that sells license keys and keeps its orders in its own table, on Grantor's database. */
@SpringBootApplication
public class ShopApplication {}
