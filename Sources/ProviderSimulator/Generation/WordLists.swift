/// Word lists the generator draws titles, descriptions, people and tags from.
enum WordLists {
    static let openers = ["Introduction to", "Mastering", "Foundations of", "Advanced", "Practical",
                          "Essentials of", "Getting Started with", "Deep Dive into", "Applied", "Modern",
                          "Hands-On", "The Art of", "Strategic", "Effective", "Fundamentals of"]
    static let topics = ["Project Management", "Python", "Data Analysis", "Machine Learning", "Leadership",
                         "Negotiation", "Cloud Architecture", "Kubernetes", "Excel", "Public Speaking",
                         "Cybersecurity", "Agile Methods", "Financial Modeling", "UX Design", "SQL",
                         "Customer Service", "Time Management", "Swift", "Statistics", "Marketing Analytics",
                         "Conflict Resolution", "Supply Chain", "Accounting", "Photography", "Remote Teams",
                         "Business Writing", "Generative AI", "Linux Administration", "Sales Coaching", "Ethics"]
    static let suffixes = ["", "", "", " for Managers", " for Beginners", ": Part 2", " in Practice",
                           " Essentials", " (2024 Edition)", " with Case Studies", " at Scale", " Bootcamp"]
    static let sentences = [
        "Learn the core ideas step by step, with short exercises after each chapter.",
        "This course walks through real workplace scenarios and the decisions behind them.",
        "You will practice with hands-on examples and build a small project of your own.",
        "Experts share frameworks you can apply on the job right away.",
        "Ideal for professionals who want a structured refresher on the essentials.",
        "Covers common pitfalls and how experienced teams avoid them.",
        "Includes quizzes, downloadable resources and a final assessment.",
        "Explore the latest tools and techniques used across the industry.",
    ]
    static let firstNames = ["Ada", "Bruno", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines",
                             "Jonas", "Kemi", "Lucía", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa",
                             "Sven", "Tomoko", "Umar", "Valérie", "Wei", "Yasmin", "Zoltán"]
    static let lastNames = ["Okafor", "Schmidt", "Dubois", "Rossi", "Tanaka", "García", "Kowalski", "Nguyen",
                            "Silva", "Yılmaz", "Johansson", "Kim", "Haddad", "Novak", "Murphy", "Patel"]
    static let partners = ["University of Illinois", "Google", "IBM", "Duke University", "HEC Paris",
                           "Stanford University", "Meta", "University of Michigan", "Yale University"]
    static let edxSchools = ["MITx", "HarvardX", "BerkeleyX", "DelftX", "EPFLx", "UQx", "LinuxFoundationX", "IBM"]
    static let libraries = ["Business", "Technology", "Creative"]
    static let subjects = ["Leadership and Management", "Software Development", "Data Science", "IT Infrastructure",
                           "Marketing", "Finance", "Design", "Personal Effectiveness", "Security", "Sales"]
    static let skills = ["Communication", "Python", "Critical Thinking", "SQL", "Teamwork", "Budgeting",
                         "Data Visualization", "Problem Solving", "Cloud Computing", "Coaching", "Negotiation",
                         "Risk Management", "JavaScript", "Presentation", "Decision Making"]

    /// Title openers per language, so translated titles read as translations.
    static let localizedOpeners: [String: String] = [
        "en": "Introduction to", "fr": "Introduction à", "de": "Einführung in", "es": "Introducción a",
        "it": "Introduzione a", "pt": "Introdução a", "ja": "入門:", "zh": "入门:", "ko": "입문:",
        "nl": "Inleiding tot", "pl": "Wprowadzenie do", "tr": "Giriş:", "id": "Pengantar",
    ]
    static let localizedDescriptions: [String: String] = [
        "en": "A practical course with exercises.", "fr": "Un cours pratique avec des exercices.",
        "de": "Ein praxisnaher Kurs mit Übungen.", "es": "Un curso práctico con ejercicios.",
        "it": "Un corso pratico con esercizi.", "pt": "Um curso prático com exercícios.",
        "ja": "演習付きの実践的なコース。", "zh": "带练习的实用课程。", "ko": "실습이 포함된 실용 과정.",
        "nl": "Een praktische cursus met oefeningen.", "pl": "Praktyczny kurs z ćwiczeniami.",
        "tr": "Alıştırmalı pratik bir kurs.", "id": "Kursus praktis dengan latihan.",
    ]
}
