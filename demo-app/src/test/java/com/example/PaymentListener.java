package com.example;

import org.springframework.kafka.annotation.KafkaListener;

class PaymentListener {

	@KafkaListener(id = "payments", topics = "payments")
	void pay(String payment) {
		// A fatal failure of the container (an Error thrown here, a fenced or unauthorized
		// consumer, no offset to start from) stops it: a crash of orders/payments.
	}

}
